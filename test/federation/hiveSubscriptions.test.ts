/**
 * Subscriptions through Hive Gateway, configured with docs/federation.md's `gateway.config.ts` as printed
 * (run by ./documentedSnippet.ts; only the supergraph is handed over directly, and ROUTER_SECRET is set
 * on both sides). Hive sends each subscription to our subgraph over WebSocket (@graphql-mesh/transport-ws)
 * with the caller's headers copied into `connection_init`, joins every event with the ownership
 * subgraph's fields, and streams it to the client over Server-Sent Events (graphql-sse's client). The
 * test moves the run (DemoStore.advanceRun) and fires our subgraph's polls by hand: nothing sleeps.
 */
import { createClient } from 'graphql-sse';
import { startDemoUpstream, type DemoUpstream } from '../../demo/src/server';
import { demoHeaders } from '../support/harness';
import { createManualPollTimer, type ManualPollTimer } from '../support/manualPollTimer';
import { subscribe, type SubscriptionReader } from '../support/subscriptionClient';
import { documentedSnippet, runSnippet } from './documentedSnippet';
import { startHiveSupergraph, type HiveOptions, type HiveSupergraph } from './hiveGateway';

const ROUTER_SECRET = 'hive-router-secret-for-tests';
const RUN_UPDATED = `subscription Watch($sync: Int!, $run: Int!) {
  syncRunUpdated(syncDatabaseId: $sync, runDatabaseId: $run) { status successfulRows failedRows totalRows incidents { id } }
}`;
interface RunEvent {
  syncRunUpdated: { status: string; successfulRows: number; failedRows: number; totalRows: number; incidents: Array<{ id: string }> };
}

let upstream: DemoUpstream;
let hive: HiveSupergraph;
let timer: ManualPollTimer;
/** A run of sync 2 with an incident filed against it in the ownership subgraph. */
let runId: number;

beforeAll(async () => {
  upstream = await startDemoUpstream();
  timer = createManualPollTimer();
  runId = upstream.store.insertRun(2).id;
  const { gatewayConfig } = await runSnippet(documentedSnippet('hive-gateway-subscriptions'), {
    modules: { '@graphql-hive/gateway': { defineConfig: (config: unknown) => config } },
    env: { ROUTER_SECRET },
  });
  const { supergraph: documentedLocation, ...config } = gatewayConfig as HiveOptions & { supergraph: string };
  expect(documentedLocation).toBe('./supergraph.graphql');
  hive = await startHiveSupergraph({
    upstream,
    ownership: { teams: [], incidents: [{ id: 'INC-9', summary: 'Rows late', syncId: 2, runId }] },
    hive: config,
    routerSecret: ROUTER_SECRET,
    subscriptionTimer: timer,
  });
});

afterAll(async () => {
  await hive?.close();
  await upstream?.close();
});

beforeEach(() => hive.clearLogs());

/** Subscribes to Hive Gateway over SSE with `headers` (a client never retries, so a refusal shows). */
function subscribeThroughHive(headers: Record<string, string>, variables: Record<string, unknown>): SubscriptionReader<RunEvent> {
  return subscribe<RunEvent>(createClient({ url: hive.routerUrl, headers, retryAttempts: 0 }), RUN_UPDATED, variables);
}

const stateOf = (result: { data?: RunEvent | null }) => {
  const run = result.data?.syncRunUpdated;
  return run && [run.status, run.successfulRows, run.failedRows, run.totalRows, run.incidents.map((incident) => incident.id)];
};

const runRequests = () => upstream.requests.filter((entry) => entry.path === `/api/v1/syncs/2/sync_runs/${runId}`);

describe('subscriptions through Hive Gateway', () => {
  it("streams the run's states to the client over SSE, each joined with the other subgraph, until success", async () => {
    const reader = subscribeThroughHive(demoHeaders, { sync: 2, run: runId });
    const step = async (change?: () => void) => {
      change?.();
      await timer.fire();
      if (change) await reader.next();
    };
    await reader.next();
    await step(() => upstream.store.advanceRun(runId, { kind: 'start', totalQueryRows: 40 }));
    await step(() => upstream.store.advanceRun(runId, { kind: 'progress', successfulRows: 10, failedRows: 1 }));
    await step();
    await step(() => upstream.store.advanceRun(runId, { kind: 'progress', successfulRows: 25 }));
    await step(() => upstream.store.advanceRun(runId, { kind: 'finish', status: 'success' }));
    await reader.completed;

    expect(reader.results.map(stateOf)).toEqual([
      ['PENDING', 0, 0, 0, ['INC-9']],
      ['IN_PROGRESS', 0, 0, 0, ['INC-9']],
      ['IN_PROGRESS', 10, 1, 11, ['INC-9']],
      ['IN_PROGRESS', 35, 1, 36, ['INC-9']],
      ['SUCCESS', 35, 1, 36, ['INC-9']],
    ]);
    expect(reader.results.every((result) => result.errors === undefined)).toBe(true);
    // The subscription went over the WebSocket (no HTTP request to our subgraph names it), and its polls
    // reached the API with the caller's credentials: as many as a direct subscription makes.
    expect(hive.requests.filter((request) => request.subgraph === 'aisquared' && request.query.includes('syncRunUpdated'))).toEqual([]);
    expect(runRequests()).toHaveLength(6);
    for (const request of runRequests()) expect(request.headers).toMatchObject(demoHeaders);
  });

  it('refuses a subscription without a token at our subgraph (4403): no data, no upstream request', async () => {
    const reader = subscribeThroughHive({ 'workspace-id': demoHeaders['workspace-id'] }, { sync: 2, run: runId });
    await hive.socketClosed(4403);
    // graphql-ws clients retry after 4403 ("might grant access after retry"), Hive's too, with backoff:
    // the client would get its error only after Hive's five retries (32 to 46 s), so the test stops here
    // (Hive's client then gives up after its current wait, as no subscription is left).
    reader.unsubscribe();
    expect(reader.results).toEqual([]);
    expect(upstream.requests).toHaveLength(0);
  });

  it('ends a subscription whose token the API refuses with UNAUTHENTICATED and no data', async () => {
    const reader = subscribeThroughHive({ ...demoHeaders, authorization: 'Bearer revoked-token-0000' }, { sync: 2, run: runId });
    const refused = await reader.next();
    await reader.completed;
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(JSON.stringify(reader.results)).not.toContain('revoked-token');
    expect(runRequests().map((request) => request.headers.authorization)).toEqual(['Bearer revoked-token-0000']);
  });
});
