/**
 * Leaving a load balancer's rotation on SIGTERM: readiness turns 503 at once while GraphQL is still
 * answered, every response from then on tells its client to close the connection (so pooled keep-alive
 * connections move to other replicas), and only after SHUTDOWN_DELAY_MS does the gateway stop accepting,
 * drain and exit 0. Requests go over keep-alive connections (node:http with a keep-alive agent), so
 * `Connection: close` is the server's decision, not the client's.
 */
import { Agent, request } from 'node:http';
import { startDemoUpstream, type DemoUpstream } from '../../demo/src/server';
import { startGatewayProcess, type GatewayProcess } from '../support/gatewayProcess';
import { demoHeaders, startHarness, type Harness } from '../support/harness';
import { firstOf } from '../support/response';
import { restAll } from '../support/rest';
import { respond, startScenarioUpstream, syncBody } from '../support/scenarioUpstream';

interface Answer {
  status: number;
  connection: string | undefined;
  body: unknown;
}

/** One request over `agent` (keep-alive): the status, the `Connection` header and the JSON body. */
function send(agent: Agent, url: string, path: string, query?: string): Promise<Answer> {
  const target = new URL(url);
  const body = query === undefined ? undefined : JSON.stringify({ query });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path,
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? {} : { 'content-type': 'application/json', ...demoHeaders },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: JSON.parse(text) as unknown }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

let demo: DemoUpstream;
let syncId: number;
beforeAll(async () => {
  demo = await startDemoUpstream();
  syncId = Number(firstOf(await restAll(demo.url, '/api/v1/syncs'), 'the demo syncs').id);
});
afterAll(() => demo.close());

const query = () => `{ sync(databaseId: ${syncId}) { databaseId } }`;

describe('a gateway that begins draining', () => {
  let harness: Harness;
  let agent: Agent;
  beforeEach(async () => {
    harness = await startHarness({ upstream: demo });
    agent = new Agent({ keepAlive: true });
  });
  afterEach(async () => {
    agent.destroy();
    await harness.close();
  });

  it('answers /readyz 503 without asking the upstream, /healthz 200, and GraphQL with Connection: close', async () => {
    expect(await send(agent, harness.url, '/readyz')).toEqual({ status: 200, connection: 'keep-alive', body: { status: 'ready', upstream: 'reachable', breaker: 'closed' } });
    expect(await send(agent, harness.url, '/graphql', query())).toEqual({ status: 200, connection: 'keep-alive', body: { data: { sync: { databaseId: syncId } } } });

    harness.gateway.beginDraining();
    demo.clearLog();
    expect(await send(agent, harness.url, '/readyz')).toEqual({ status: 503, connection: 'close', body: { status: 'shutting-down' } });
    expect(demo.requests).toEqual([]);
    expect(await send(agent, harness.url, '/healthz')).toEqual({ status: 200, connection: 'close', body: { status: 'ok' } });
    expect(await send(agent, harness.url, '/graphql', query())).toEqual({ status: 200, connection: 'close', body: { data: { sync: { databaseId: syncId } } } });
    expect(harness.gateway.httpServer.listening).toBe(true);
  });

});

it('tells the client of a request already in flight when draining begins to close its connection', async () => {
  const upstream = await startScenarioUpstream();
  const harness = await startHarness({ upstream: demo, upstreamUrl: upstream.url });
  const agent = new Agent({ keepAlive: true });
  try {
    upstream.script('/api/v1/syncs/7', respond.hold(respond.json(200, syncBody(7))));
    const inFlight = send(agent, harness.url, '/graphql', '{ sync(databaseId: 7) { databaseId } }');
    await upstream.waitForRequests('/api/v1/syncs/7', 1);
    harness.gateway.beginDraining();
    upstream.release();
    expect(await inFlight).toEqual({ status: 200, connection: 'close', body: { data: { sync: { databaseId: 7 } } } });
  } finally {
    agent.destroy();
    upstream.release();
    await harness.close();
    await upstream.close();
  }
});

describe('the process on SIGTERM', () => {
  let running: GatewayProcess | undefined;
  afterEach(async () => {
    await running?.kill();
    running = undefined;
  });

  it('keeps answering GraphQL with /readyz at 503 during SHUTDOWN_DELAY_MS; a second signal ends the delay, and it drains and exits 0', async () => {
    const gateway = (running = await startGatewayProcess({ AISQUARED_API_URL: demo.url, SHUTDOWN_DELAY_MS: '600000', SHUTDOWN_GRACE_MS: '5000' }));
    const agent = new Agent({ keepAlive: true });
    try {
      expect((await send(agent, gateway.endpoint, '/readyz')).status).toBe(200);
      gateway.child.kill('SIGTERM');
      expect(await gateway.logged('shutting down: not ready, serving until load balancers move away')).toMatchObject({ signal: 'SIGTERM', delayMs: 600000 });

      expect(await send(agent, gateway.endpoint, '/readyz')).toEqual({ status: 503, connection: 'close', body: { status: 'shutting-down' } });
      expect(await send(agent, gateway.endpoint, '/healthz')).toEqual({ status: 200, connection: 'close', body: { status: 'ok' } });
      expect(await send(agent, gateway.endpoint, '/graphql', query())).toEqual({ status: 200, connection: 'close', body: { data: { sync: { databaseId: syncId } } } });
      expect(gateway.logLines().map((entry) => entry.msg)).not.toContain('shutting down: draining in-flight requests');

      gateway.child.kill('SIGTERM');
      expect(await gateway.exited).toBe(0);
      expect(gateway.logLines().map((entry) => entry.msg)).toEqual(
        expect.arrayContaining(['shutting down: not ready, serving until load balancers move away', 'shutting down: draining in-flight requests', 'stopped']),
      );
      expect(gateway.stderr()).toBe('');
    } finally {
      agent.destroy();
    }
  });

  it('ends the delay by itself, then drains and exits 0', async () => {
    const delayMs = 300;
    const gateway = (running = await startGatewayProcess({ AISQUARED_API_URL: demo.url, SHUTDOWN_DELAY_MS: String(delayMs) }));
    gateway.child.kill('SIGTERM');
    const notReady = await gateway.logged('shutting down: not ready, serving until load balancers move away');
    expect(await gateway.exited).toBe(0);
    const draining = await gateway.logged('shutting down: draining in-flight requests');
    // pino's `time` is the wall clock of each line, in ms.
    expect(Number(draining.time) - Number(notReady.time)).toBeGreaterThanOrEqual(delayMs);
    expect(gateway.logLines().map((entry) => entry.msg)).toContain('stopped');
  });

  it('does not wait for the delay on SIGINT (Ctrl-C at a terminal)', async () => {
    const gateway = (running = await startGatewayProcess({ AISQUARED_API_URL: demo.url, SHUTDOWN_DELAY_MS: '600000' }));
    gateway.child.kill('SIGINT');
    expect(await gateway.exited).toBe(0);
    expect(await gateway.logged('shutting down: not ready, serving until load balancers move away')).toMatchObject({ signal: 'SIGINT', delayMs: 0 });
  });
});
