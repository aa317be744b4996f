/**
 * Replicas behave as one service. Gateway processes (src/index.ts, as production runs it) share one
 * demo upstream; the first part addresses them directly, the second puts three of them behind HAProxy
 * (a real load balancer with active `/readyz` health checks, test/support/haproxy.ts) and restarts them
 * one by one under steady load; the last part shows that each replica's protective limits are its own.
 *
 * HAProxy comes from Debian's `haproxy` package (.ci/run installs it). Without it the load balancer
 * part is skipped locally, and fails in CI, like the browser test without Chromium.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { startDemoUpstream, type DemoUpstream } from '../../demo/src/server';
import { killChild, startGatewayProcess, type GatewayProcess } from '../support/gatewayProcess';
import { HAPROXY_PATH, isHaproxyInstalled, startHaproxy, type Haproxy } from '../support/haproxy';
import { demoHeaders } from '../support/harness';
import { firstOf, type GraphQLBody } from '../support/response';
import { restAll } from '../support/rest';
import { respond, startScenarioUpstream, syncBody, type ScenarioUpstream } from '../support/scenarioUpstream';

const IN_CI = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
const haproxyPresent = isHaproxyInstalled();
if (!haproxyPresent && !IN_CI) {
  process.stderr.write(`Skipping the load balancer tests: no HAProxy at ${HAPROXY_PATH} (apt-get install haproxy, or set HAPROXY_PATH).\n`);
}
// In CI a missing HAProxy is a failure (beforeAll throws), never a silent skip.
const describeBehindHaproxy = haproxyPresent || IN_CI ? describe : describe.skip;

const SHARED_CURSOR_SECRET = 'replicas-share-this-cursor-secret';
/** HAProxy checks `/readyz` this often; one failed check takes a replica out of the rotation. */
const CHECK_INTERVAL_MS = 100;
/** Ten health checks: the time HAProxy has to notice a replica leaving before it stops accepting. */
const SHUTDOWN_DELAY_MS = 10 * CHECK_INTERVAL_MS;
const LOAD_CLIENTS = 6;
const MIN_REQUESTS = 2000;

/** Every process this file starts, killed after its tests whatever happened (a timed-out test keeps running). */
const children = new Set<ChildProcess>();
let cleanedUp = false;
function startReplica(env: Record<string, string>): Promise<GatewayProcess> {
  if (cleanedUp) return Promise.reject(new Error('The tests are over; no replica is started.'));
  return startGatewayProcess({ SHUTDOWN_DELAY_MS: String(SHUTDOWN_DELAY_MS), SHUTDOWN_GRACE_MS: '5000', ...env }, (child) => children.add(child));
}
afterAll(async () => {
  cleanedUp = true;
  await Promise.all([...children].map(killChild));
});

/** POSTs `query` with the demo credentials straight to one replica. */
async function graphql<D>(replica: GatewayProcess, query: string, variables?: Record<string, unknown>): Promise<GraphQLBody<D>> {
  const response = await fetch(`${replica.endpoint}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...demoHeaders },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLBody<D>;
}

interface Load {
  /** Requests answered 200 with the expected body so far. */
  readonly ok: number;
  /** Resolves once `n` requests succeeded in total (rejects when one failed). */
  reached(n: number): Promise<void>;
  /** Stops the clients after their current request; resolves with what they saw. */
  stop(): Promise<{ ok: number; failures: string[] }>;
}

/**
 * `clients` loops, each sending `body` through the load balancer and comparing the answer with
 * `expected`. Request ids `lb-1`, `lb-2`, … mark these requests in the replicas' logs.
 */
function startLoad(socketPath: string, clients: number, body: string, expected: string): Load {
  const pool = new Pool('http://gateway.test', { socketPath, connections: clients });
  let ok = 0;
  let stopped = false;
  const failures: string[] = [];
  const waiters = new Set<{ n: number; resolve: () => void; reject: (error: Error) => void }>();
  const settle = () => {
    for (const waiter of waiters) {
      if (failures.length > 0) waiter.reject(new Error(`a request failed: ${failures[0]}`));
      else if (ok >= waiter.n) waiter.resolve();
      else continue;
      waiters.delete(waiter);
    }
  };
  let sent = 0;
  const loop = async () => {
    while (!stopped) {
      try {
        sent += 1;
        const headers = { 'content-type': 'application/json', 'x-request-id': `lb-${sent}`, ...demoHeaders };
        const response = await pool.request({ path: '/graphql', method: 'POST', headers, body });
        const text = await response.body.text();
        if (response.statusCode === 200 && text === expected) ok += 1;
        else failures.push(`${response.statusCode} ${text.slice(0, 300)}`);
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
      settle();
    }
  };
  const loops = Promise.all(Array.from({ length: clients }, loop));
  return {
    get ok() {
      return ok;
    },
    reached: (n) =>
      new Promise((resolve, reject) => {
        waiters.add({ n, resolve, reject });
        settle();
      }),
    stop: async () => {
      stopped = true;
      await loops;
      await pool.close();
      return { ok, failures };
    },
  };
}

let demo: DemoUpstream;
let demoSyncIds: number[];
/** Three replicas over the demo upstream, sharing CURSOR_SECRET; the load balancer test restarts them. */
let replicas: GatewayProcess[];
const replicaEnv = () => ({ AISQUARED_API_URL: demo.url, CURSOR_SECRET: SHARED_CURSOR_SECRET });
beforeAll(async () => {
  demo = await startDemoUpstream();
  demoSyncIds = (await restAll(demo.url, '/api/v1/syncs')).map((sync) => Number(sync.id));
  replicas = await Promise.all([0, 1, 2].map(() => startReplica(replicaEnv())));
});
afterAll(() => demo.close());

describe('cursors across replicas', () => {
  const FIRST_PAGE = '{ syncs(first: 2) { pageInfo { endCursor } } }';
  const NEXT_PAGE = 'query Next($after: String) { syncs(first: 2, after: $after) { nodes { databaseId } pageInfo { hasNextPage hasPreviousPage } } }';
  type FirstPage = { syncs: { pageInfo: { endCursor: string } } };

  it('a cursor issued by one replica pages the same on every replica sharing CURSOR_SECRET, and one with another secret refuses it', async () => {
    const stranger = await startReplica({ ...replicaEnv(), CURSOR_SECRET: 'a-different-cursor-secret-value' });
    const first = await graphql<FirstPage>(firstOf(replicas), FIRST_PAGE);
    const after = first.data?.syncs.pageInfo.endCursor;
    expect(typeof after).toBe('string');

    const pages = await Promise.all(replicas.map((replica) => graphql(replica, NEXT_PAGE, { after })));
    const nodes = demoSyncIds.slice(2, 4).map((databaseId) => ({ databaseId }));
    expect(nodes).toHaveLength(2);
    expect(pages).toEqual(replicas.map(() => ({ data: { syncs: { nodes, pageInfo: { hasNextPage: demoSyncIds.length > 4, hasPreviousPage: true } } } })));

    expect(await graphql(stranger, NEXT_PAGE, { after })).toEqual({
      data: null,
      errors: [
        {
          message: 'Argument "after" is not a valid cursor for this connection: its signature does not match.',
          locations: expect.any(Array),
          path: ['syncs'],
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ],
    });
  });
});

describeBehindHaproxy('three replicas behind HAProxy', () => {
  let dir: string;
  let haproxy: Haproxy | undefined;
  beforeAll(() => {
    if (!haproxyPresent) throw new Error(`No HAProxy at ${HAPROXY_PATH}; .ci/run installs Debian's haproxy with apt-get.`);
    dir = mkdtempSync(join(tmpdir(), 'replicas-'));
  });
  afterAll(async () => {
    await haproxy?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('restarts every replica, one at a time, under load without a single failed request', async () => {
    const syncId = firstOf(demoSyncIds);
    const query = `query Rolling { sync(databaseId: ${syncId}) { databaseId status runs(first: 3) { nodes { databaseId status } } } }`;
    const expected = JSON.stringify(await graphql(firstOf(replicas), query));
    expect(JSON.parse(expected)).toMatchObject({ data: { sync: { databaseId: syncId } } });
    // The requests a replica answered for the load balancer's clients (their request ids start with "lb-").
    const answered = (replica: GatewayProcess) => replica.logLines().filter((entry) => entry.msg === 'graphql request' && String(entry.requestId).startsWith('lb-'));
    const slots = replicas.map((replica, index) => ({ name: `r${index + 1}`, replica, sentBefore: 0 }));
    const lb = (haproxy = await startHaproxy(dir, slots.map(({ name, replica }) => ({ name, url: replica.endpoint })), CHECK_INTERVAL_MS));
    const load = startLoad(lb.socketPath, LOAD_CLIENTS, JSON.stringify({ query }), `${expected}\n`);
    let result: { ok: number; failures: string[] } = { ok: 0, failures: [] };
    try {
      await load.reached(200);
      for (const slot of slots) {
        const leaving = slot.replica;
        const down = lb.nextChange(slot.name, 'DOWN');
        leaving.child.kill('SIGTERM');
        // Started while the old one drains (as a surge would), behind the load balancer once the old one is gone.
        const starting = startReplica(replicaEnv());
        // Taken out because its readiness answered 503, while it still accepted connections.
        expect(await down).toContain('Layer7 wrong status, code: 503');
        const sentUntilDown = Number((await lb.serverStats(slot.name)).stot);
        expect(await leaving.exited).toBe(0);
        // HAProxy sent it nothing after taking it out, and it answered everything it was sent.
        expect(Number((await lb.serverStats(slot.name)).stot)).toBe(sentUntilDown);
        const served = answered(leaving);
        expect(served.length).toBe(sentUntilDown - slot.sentBefore);
        expect(served.every((entry) => entry.status === 200)).toBe(true);
        expect(leaving.logLines().map((entry) => entry.msg)).toEqual(
          expect.arrayContaining(['shutting down: not ready, serving until load balancers move away', 'shutting down: draining in-flight requests', 'stopped']),
        );

        const replacement = await starting;
        slot.sentBefore = sentUntilDown;
        const up = lb.nextChange(slot.name, 'UP');
        await lb.setAddress(slot.name, replacement.endpoint);
        await up;
        await replacement.logged('graphql request');
        slot.replica = replacement;
      }
      await load.reached(MIN_REQUESTS);
    } catch (error) {
      // HAProxy's log says which replica it took out or put back, when, and why.
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n\nHAProxy's log:\n${lb.stderr()}`);
    } finally {
      result = await load.stop();
    }
    process.stdout.write(`Rolling restart of 3 replicas behind HAProxy: ${result.ok} requests answered, ${result.failures.length} failed.\n`);
    expect(result.failures).toEqual([]);
    expect(result.ok).toBeGreaterThanOrEqual(MIN_REQUESTS);
    // No request needed the load balancer's retry or redispatch.
    expect(await lb.backendStats()).toMatchObject({ wretr: '0', wredis: '0', econ: '0', eresp: '0' });
  }, 60000);
});

describe('limits are per replica', () => {
  let upstream: ScenarioUpstream;
  beforeAll(async () => {
    upstream = await startScenarioUpstream();
  });
  afterAll(() => upstream.close());

  it("one replica's open circuit breaker leaves the other replicas calling the upstream", async () => {
    const env = { AISQUARED_API_URL: upstream.url, UPSTREAM_RETRY_MAX_ATTEMPTS: '1', UPSTREAM_BREAKER_FAILURES: '2', UPSTREAM_BREAKER_COOLDOWN_MS: '600000' };
    const [tripped, healthy] = await Promise.all([startReplica(env), startReplica(env)]);
    const query = '{ sync(databaseId: 7) { databaseId } }';
    const route = '/api/v1/syncs/7';
    upstream.script(route, respond.json(503, { error: 'maintenance' }));
    for (let failure = 0; failure < 2; failure += 1) {
      expect((await graphql(tripped, query)).errors?.map((error) => error.extensions?.code)).toEqual(['UPSTREAM_ERROR']);
    }
    // The upstream recovers; the tripped replica does not call it again until its cool-down ends.
    upstream.script(route, respond.json(200, syncBody(7)));
    const callsBefore = upstream.count(route);
    expect(await graphql(tripped, query)).toEqual({
      data: { sync: null },
      errors: [expect.objectContaining({ extensions: { code: 'UPSTREAM_UNAVAILABLE' } })],
    });
    expect(upstream.count(route)).toBe(callsBefore);
    expect(await graphql(healthy, query)).toEqual({ data: { sync: { databaseId: 7 } } });
    expect(upstream.count(route)).toBe(callsBefore + 1);
  });
});
