/**
 * Graceful shutdown: stop() stops accepting connections at once, lets the operations in
 * flight finish within the grace period, and force-closes what is left after it. The upstream is a
 * proxy in front of the demo upstream that holds every request until the test releases it, so
 * "in flight" is a fact, not a timing guess. The last test runs the real process (src/index.ts) and
 * sends it SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loadConfig, withUpstreamUrl } from '../../src/config';
import { DEMO_TOKEN } from '../../demo/src/credentials';
import { startDemoUpstream, type DemoUpstream } from '../../demo/src/server';
import { createSilentLogger } from '../../src/logger';
import { createGateway, type Gateway } from '../../src/server';
import { demoHeaders } from '../support/harness';
import { firstOf } from '../support/response';
import { restAll } from '../support/rest';

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
    socket.once('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNREFUSED' ? resolve('refused') : reject(error)));
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

it('force-closes the connections still busy when the grace period ends', async () => {
  const proxy = await startHoldingProxy(demo.url);
  const { gateway, url } = await startGateway(proxy.url, { SHUTDOWN_GRACE_MS: '50' });
  try {
    const inFlight = postQuery(url).then(
      (response) => `answered ${response.status}`,
      (error: Error & { cause?: { code?: string } }) => `failed: ${error.message}`,
    );
    await proxy.arrived(1);
    const stopped = gateway.stop();
    expect(await inFlight).toBe('failed: fetch failed');
    // The upstream call is still held; once it answers, stop() completes.
    proxy.release();
    await stopped;
    expect(gateway.httpServer.listening).toBe(false);
  } finally {
    proxy.release();
    await proxy.close();
  }
});

describe('the process', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('drains on SIGTERM: the request in flight is answered, new connections are refused, the exit code is 0', async () => {
    const proxy = await startHoldingProxy(demo.url);
    try {
      const root = join(__dirname, '..', '..');
      child = spawn(process.execPath, ['--import', 'tsx', join('src', 'index.ts')], {
        cwd: root,
        env: { ...process.env, NODE_ENV: 'production', PORT: '0', AISQUARED_API_URL: proxy.url, GRAPHIQL: 'false', LOG_LEVEL: 'info', SHUTDOWN_GRACE_MS: '60000' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
      const logLines = () => stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));

      const endpoint = await new Promise<string>((resolve, reject) => {
        const onData = () => {
          const match = /Endpoint:\s+POST (http:\/\/\S+)\/graphql/.exec(stdout);
          if (match) resolve(match[1] as string);
        };
        child!.stdout!.on('data', onData);
        child!.once('exit', () => reject(new Error(`the gateway exited before listening: ${stderr}`)));
      });

      const inFlight = postQuery(endpoint);
      await proxy.arrived(1);
      child.kill('SIGTERM');
      await eventually(() => logLines().some((entry) => entry.msg === 'shutting down: draining in-flight requests'));
      // The listener closes right after the signal; until then a connection may still be accepted.
      await eventually(async () => (await connectOnce(endpoint)) === 'refused');

      proxy.release();
      const response = await inFlight;
      expect({ status: response.status, body: await response.json() }).toEqual({ status: 200, body: { data: { sync: { databaseId: syncId } } } });
      expect(await exited).toBe(0);
      expect(stderr).toBe('');
      const requestLine = logLines().find((entry) => entry.msg === 'graphql request');
      expect(requestLine).toEqual({
        level: 30,
        time: expect.any(Number),
        msg: 'graphql request',
        requestId: expect.any(String),
        operationName: 'Held',
        status: 200,
        upstreamRequests: 1,
        durationMs: expect.any(Number),
      });
      expect(logLines().map((entry) => entry.msg)).toEqual(expect.arrayContaining(['shutting down: draining in-flight requests', 'stopped']));
      expect(stdout).not.toContain(`Bearer ${DEMO_TOKEN}`);
    } finally {
      proxy.release();
      await proxy.close();
    }
  });
});
