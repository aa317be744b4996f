/**
 * Graceful shutdown: stop() stops accepting connections at once, lets the operations in flight finish
 * within the grace period, then aborts the upstream calls still running so their operations answer
 * (UPSTREAM_UNAVAILABLE) instead of hanging up, and force-closes what is left shortly after. The
 * upstream is a proxy in front of the demo upstream (or a scenario upstream) that holds requests until
 * the test releases them, so "in flight" is a fact, not a timing guess. The last tests run the real
 * process (src/index.ts) and send it SIGTERM.
 */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { loadConfig, withUpstreamUrl } from '../../src/config';
import { DEMO_TOKEN } from '../../demo/src/credentials';
import { startDemoUpstream, type DemoUpstream } from '../../demo/src/server';
import { createSilentLogger } from '../../src/logger';
import { createGateway, type Gateway } from '../../src/server';
import { startGatewayProcess, type GatewayProcess } from '../support/gatewayProcess';
import { demoHeaders } from '../support/harness';
import { firstOf } from '../support/response';
import { restAll } from '../support/rest';
import { respond, startScenarioUpstream } from '../support/scenarioUpstream';

interface HoldingProxy {
  url: string;
  /** Resolves once `n` requests have arrived in total. */
  arrived(n: number): Promise<void>;
  /** Lets every held request (and every later one) through to the demo upstream. */
  release(): void;
  close(): Promise<void>;
}

async function startHoldingProxy(target: string): Promise<HoldingProxy> {
  let count = 0;
  let released = false;
  const held: Array<() => void> = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const server: Server = createServer((req, res) => {
    count += 1;
    for (const waiter of waiters.filter((w) => count >= w.n)) waiter.resolve();
    const forward = () => {
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'workspace-id', 'accept']) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      void fetch(`${target}${req.url}`, { headers }).then(async (upstream) => {
        res.writeHead(upstream.status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(await upstream.text());
      });
    };
    if (released) forward();
    else held.push(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrived: (n) => (count >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    release() {
      released = true;
      for (const forward of held.splice(0)) forward();
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Resolves when a TCP connection to `url` is refused; rejects if one is accepted. */
function connectOnce(url: string): Promise<'accepted' | 'refused'> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve('accepted');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') resolve('refused');
      // Handshaken in the kernel's backlog just before the listener closed, then reset: not refused yet.
      else if (error.code === 'ECONNRESET') resolve('accepted');
      else reject(error);
    });
  });
}

/** Polls `check` once per event-loop turn (no timers) until it holds. */
async function eventually(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setImmediate(resolve));
}

let demo: DemoUpstream;
let syncId: number;
beforeAll(async () => {
  demo = await startDemoUpstream();
  syncId = Number(firstOf(await restAll(demo.url, '/api/v1/syncs'), 'the demo syncs').id);
});
afterAll(() => demo.close());

const QUERY = () => `query Held { sync(databaseId: ${syncId}) { databaseId } }`;
const postQuery = (url: string) =>
  fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...demoHeaders }, body: JSON.stringify({ query: QUERY() }) });

async function startGateway(upstreamUrl: string, env: Record<string, string>): Promise<{ gateway: Gateway; url: string }> {
  const config = loadConfig({ PORT: '0', ...env });
  const gateway = await createGateway(withUpstreamUrl(config, upstreamUrl), { logger: createSilentLogger() });
  return { gateway, url: await gateway.listen() };
}

it('lets an operation in flight finish while refusing new connections, then stops', async () => {
  const proxy = await startHoldingProxy(demo.url);
  const { gateway, url } = await startGateway(proxy.url, { SHUTDOWN_GRACE_MS: '60000' });
  try {
    const inFlight = postQuery(url);
    await proxy.arrived(1);
    const stopped = gateway.stop();
    await eventually(() => !gateway.httpServer.listening);
    expect(await connectOnce(url)).toBe('refused');

    proxy.release();
    const response = await inFlight;
    expect({ status: response.status, body: await response.json() }).toEqual({ status: 200, body: { data: { sync: { databaseId: syncId } } } });
    await stopped;
  } finally {
    proxy.release();
    await proxy.close();
  }
});

it('answers the operation still waiting on the upstream when the grace period ends, then stops without waiting for the upstream', async () => {
  const proxy = await startHoldingProxy(demo.url);
  const { gateway, url } = await startGateway(proxy.url, { SHUTDOWN_GRACE_MS: '50' });
  try {
    const inFlight = postQuery(url);
    await proxy.arrived(1);
    const stopped = gateway.stop();
    const response = await inFlight;
    expect({ status: response.status, body: await response.json() }).toEqual({ status: 200, body: shuttingDownAnswer });
    // The upstream call is still held by the proxy: stop() does not wait for it.
    await stopped;
    expect(gateway.httpServer.listening).toBe(false);
  } finally {
    proxy.release();
    await proxy.close();
  }
});

it('tells a mutation cut off at the end of the grace period that its change may or may not have been applied, and sends it once', async () => {
  const upstream = await startScenarioUpstream();
  const { gateway, url } = await startGateway(upstream.url, { SHUTDOWN_GRACE_MS: '50' });
  try {
    upstream.script('/api/v1/schedule_syncs', respond.hold());
    const mutation = fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...demoHeaders },
      body: JSON.stringify({ query: 'mutation { triggerSyncRun(input: { syncDatabaseId: 1 }) { clientMutationId } }' }),
    });
    await upstream.waitForRequests('/api/v1/schedule_syncs', 1);
    const stopped = gateway.stop();
    const response = await mutation;
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 200,
      body: {
        data: { triggerSyncRun: null },
        errors: [
          {
            message:
              'The gateway is shutting down and stopped waiting for the AI Squared API to confirm this change, so it may or may not have been applied; check before retrying.',
            locations: [{ line: 1, column: 12 }],
            path: ['triggerSyncRun'],
            extensions: { code: 'UPSTREAM_UNAVAILABLE' },
          },
        ],
      },
    });
    await stopped;
    expect(upstream.requests.map((r) => `${r.method} ${r.route}`)).toEqual(['POST /api/v1/schedule_syncs']);
  } finally {
    upstream.release();
    await upstream.close();
  }
});

it('closes a connection still busy (a request body that never ends) after the grace period', async () => {
  const proxy = await startHoldingProxy(demo.url);
  const { gateway, url } = await startGateway(proxy.url, { SHUTDOWN_GRACE_MS: '50' });
  try {
    const { hostname, port } = new URL(url);
    const socket = connect({ host: hostname, port: Number(port) });
    const closed = new Promise<string>((resolve) => {
      let answer = '';
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
      socket.once('close', () => resolve(answer));
    });
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const head = `POST /graphql HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 100\r\nAuthorization: ${demoHeaders.authorization}\r\n\r\n`;
    const received = new Promise((resolve) => gateway.httpServer.once('request', resolve));
    socket.write(`${head}{"query":`);
    await received;
    // Only the forced close can end this request, so stop() resolving proves it happened.
    await gateway.stop();
    expect(await closed).toBe('');
  } finally {
    await proxy.close();
  }
});

/** What a caller gets for `sync` when the grace period ends while the upstream is still silent. */
const shuttingDownAnswer = {
  data: { sync: null },
  errors: [{ message: 'The gateway is shutting down; retry the request.', locations: [{ line: 1, column: 14 }], path: ['sync'], extensions: { code: 'UPSTREAM_UNAVAILABLE' } }],
};

/** Runs src/index.ts as production does (no delay before the drain unless `env` sets one). */
function startProcess(upstreamUrl: string, graceMs: number, env: Record<string, string> = {}): Promise<GatewayProcess> {
  return startGatewayProcess({ AISQUARED_API_URL: upstreamUrl, SHUTDOWN_GRACE_MS: String(graceMs), SHUTDOWN_DELAY_MS: '0', ...env });
}

describe('the process', () => {
  let running: GatewayProcess | undefined;
  afterEach(() => {
    if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
    running = undefined;
  });

  it('drains on SIGTERM: the request in flight is answered, new connections are refused, the exit code is 0', async () => {
    const proxy = await startHoldingProxy(demo.url);
    try {
      const gateway = (running = await startProcess(proxy.url, 60000));
      const inFlight = postQuery(gateway.endpoint);
      await proxy.arrived(1);
      gateway.child.kill('SIGTERM');
      await eventually(() => gateway.logLines().some((entry) => entry.msg === 'shutting down: draining in-flight requests'));
      // The listener closes right after the signal; until then a connection may still be accepted.
      await eventually(async () => (await connectOnce(gateway.endpoint)) === 'refused');

      proxy.release();
      const response = await inFlight;
      expect({ status: response.status, body: await response.json() }).toEqual({ status: 200, body: { data: { sync: { databaseId: syncId } } } });
      expect(await gateway.exited).toBe(0);
      expect(gateway.stderr()).toBe('');
      const requestLine = gateway.logLines().find((entry) => entry.msg === 'graphql request');
      expect(requestLine).toEqual({
        level: 30,
        time: expect.any(Number),
        msg: 'graphql request',
        requestId: expect.any(String),
        method: 'POST',
        operationName: 'Held',
        status: 200,
        upstreamRequests: 1,
        durationMs: expect.any(Number),
      });
      expect(gateway.logLines().map((entry) => entry.msg)).toEqual(expect.arrayContaining(['shutting down: draining in-flight requests', 'stopped']));
      expect(gateway.stdout()).not.toContain(`Bearer ${DEMO_TOKEN}`);
    } finally {
      proxy.release();
      await proxy.close();
    }
  });

  it('on SIGTERM with an upstream that never answers: answers the caller at the grace deadline, never retries, exits 0', async () => {
    const upstream = await startScenarioUpstream();
    const graceMs = 500;
    try {
      upstream.script(`/api/v1/syncs/${syncId}`, respond.hold());
      const gateway = (running = await startProcess(upstream.url, graceMs));
      const inFlight = postQuery(gateway.endpoint).then(
        async (response) => ({ status: response.status, body: (await response.json()) as unknown }),
        (error: Error) => ({ failed: error.message }),
      );
      await upstream.waitForRequests(`/api/v1/syncs/${syncId}`, 1);
      const signalledAt = performance.now();
      gateway.child.kill('SIGTERM');

      expect(await inFlight).toEqual({ status: 200, body: shuttingDownAnswer });
      expect(await gateway.exited).toBe(0);
      // Well before the backstop (grace + 5 s, exit code 1); loose, for a loaded machine.
      expect(performance.now() - signalledAt).toBeLessThan(graceMs + 3000);
      expect(gateway.stderr()).toBe('');
      expect(upstream.count()).toBe(1);
      expect(gateway.logLines().find((entry) => entry.msg === 'graphql request')).toMatchObject({ status: 200, upstreamRequests: 1 });
      expect(gateway.logLines().map((entry) => entry.msg)).toContain('stopped');
    } finally {
      upstream.release();
      await upstream.close();
    }
  });
});
