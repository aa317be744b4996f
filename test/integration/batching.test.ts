/**
 * Upstream request counts, de-duplication and concurrency, asserted from the demo upstream's own
 * request log.
 */
import { startHarness, type Harness } from '../support/harness';
import { dataOf, itemOf } from '../support/response';
import { restAll } from '../support/rest';

let harness: Harness;
beforeAll(async () => {
  // An artificial upstream latency makes concurrency observable in the log (inFlightAtStart): requests
  // sent together all arrive while the first is still held.
  harness = await startHarness({ upstreamDelayMs: 100 });
});
afterAll(() => harness.close());
beforeEach(() => harness.upstream.clearLog());

const getsTo = (pattern: RegExp) => harness.upstream.requests.filter((r) => r.method === 'GET' && pattern.test(r.path));

interface Node {
  databaseId: number;
  status: string;
}
interface DashboardData {
  syncs: { nodes: Array<Node & { runs: { nodes: Array<Node & { records: { nodes: Node[] } }> } }> };
}

describe('the dashboard query: 10 syncs, 3 runs each, 5 records per run', () => {
  it('returns everything in one round trip with one upstream request per distinct page, level by level, concurrently', async () => {
    const response = await harness.graphql<DashboardData>(`{
      syncs(first: 10) { nodes { databaseId status
        runs(first: 3) { nodes { databaseId status
          records(first: 5) { nodes { databaseId status record } } } } } }
    }`);
    expect(response.body.errors).toBeUndefined();
    const syncs = dataOf(response).syncs.nodes;
    expect(syncs).toHaveLength(10);

    // The same data, read from the upstream's store in the upstream's order.
    const store = harness.upstream.store;
    const expectedSyncs = store.listSyncs(1).slice(0, 10);
    expect(syncs.map((s) => s.databaseId)).toEqual(expectedSyncs.map((s) => s.id));
    let runCount = 0;
    for (const [i, sync] of syncs.entries()) {
      const runs = store.listRuns(itemOf(expectedSyncs, i, 'the expected syncs').id).slice(0, 3);
      expect(sync.runs.nodes.map((r) => r.databaseId)).toEqual(runs.map((r) => r.id));
      for (const [j, run] of sync.runs.nodes.entries()) {
        const records = store.listRecords(itemOf(runs, j, 'the expected runs').id).slice(0, 5);
        expect(run.records.nodes.map((r) => r.databaseId)).toEqual(records.map((r) => r.id));
        expect(run.records.nodes.map((r) => r.status)).toEqual(records.map((r) => r.status.toUpperCase()));
        runCount += 1;
      }
    }
    expect(runCount).toBeGreaterThan(15);
  });

  it('costs exactly 1 + 10 + (number of runs) upstream requests, none repeated, each level issued concurrently', async () => {
    const response = await harness.graphql<{ syncs: { nodes: Array<{ runs: { nodes: unknown[] } }> } }>(`{
      syncs(first: 10) { nodes { runs(first: 3) { nodes { records(first: 5) { nodes { databaseId } } } } } }
    }`);
    const runCount = dataOf(response).syncs.nodes.reduce((n, s) => n + s.runs.nodes.length, 0);
    const log = harness.upstream.requests;
    const syncPages = log.filter((r) => r.path === '/api/v1/syncs');
    const runPages = log.filter((r) => /^\/api\/v1\/syncs\/\d+\/sync_runs$/.test(r.path));
    const recordPages = log.filter((r) => r.path.endsWith('/sync_records'));
    expect([syncPages.length, runPages.length, recordPages.length]).toEqual([1, 10, runCount]);
    expect(log).toHaveLength(1 + 10 + runCount);
    const distinct = new Set(log.map((r) => `${r.path}?${new URLSearchParams(r.query)}`));
    expect(distinct.size).toBe(log.length);
    // Level by level: every run page was sent while the other run pages were still in flight, and
    // no record page was sent before the run pages had answered.
    expect(Math.max(...runPages.map((r) => r.inFlightAtStart))).toBe(9);
    expect(Math.max(...recordPages.map((r) => r.inFlightAtStart))).toBeGreaterThanOrEqual(runCount - 4);
    const lastRunPageFinished = Math.max(...runPages.map((r) => r.finishedAt));
    const firstRunPageFinished = Math.min(...runPages.map((r) => r.finishedAt));
    expect(Math.min(...recordPages.map((r) => r.startedAt))).toBeGreaterThanOrEqual(firstRunPageFinished);
    expect(lastRunPageFinished).toBeGreaterThan(0);
  });
});

describe('de-duplication within one request', () => {
  it('fetches a sync asked for by sync(databaseId), node and nodes only once', async () => {
    const syncId = Number(itemOf(await restAll(harness.upstream.url, '/api/v1/syncs'), 3, 'the REST syncs').id);
    const first = await harness.graphql<{ sync: { id: string } }>(`{ sync(databaseId: ${syncId}) { id } }`);
    const globalId = dataOf(first).sync.id;
    harness.upstream.clearLog();
    const response = await harness.graphql<{ c: unknown; d: unknown }>(
      `query ($id: ID!, $db: Int!) {
        a: sync(databaseId: $db) { databaseId }
        b: sync(databaseId: $db) { status }
        c: node(id: $id) { ... on Sync { databaseId } }
        d: nodes(ids: [$id, $id]) { id }
      }`,
      { id: globalId, db: syncId },
    );
    expect(response.body.errors).toBeUndefined();
    expect(dataOf(response).c).toEqual({ databaseId: syncId });
    expect(dataOf(response).d).toEqual([{ id: globalId }, { id: globalId }]);
    expect(getsTo(/^\/api\/v1\/syncs\/\d+$/).map((r) => r.path)).toEqual([`/api/v1/syncs/${syncId}`]);
    expect(harness.upstream.requests).toHaveLength(1);
  });

  it('never refetches a sync or run that a list already returned', async () => {
    const response = await harness.graphql<{
      syncs: { nodes: Array<{ databaseId: number; runs: { nodes: Array<{ databaseId: number; sync: { databaseId: number }; records: { nodes: unknown[] } }> } }> };
    }>(`{
      syncs(first: 5) { nodes { databaseId
        runs(first: 2) { nodes { databaseId sync { databaseId status }
          records(first: 2) { nodes { syncRun { databaseId } sync { databaseId } } } } } } }
    }`);
    expect(response.body.errors).toBeUndefined();
    for (const sync of dataOf(response).syncs.nodes) {
      for (const run of sync.runs.nodes) {
        expect(run.sync.databaseId).toBe(sync.databaseId);
        for (const record of run.records.nodes) expect(record).toEqual({ syncRun: { databaseId: run.databaseId }, sync: { databaseId: sync.databaseId } });
      }
    }
    expect(getsTo(/^\/api\/v1\/syncs\/\d+$/)).toHaveLength(0);
    expect(getsTo(/^\/api\/v1\/syncs\/\d+\/sync_runs\/\d+$/)).toHaveLength(0);
  });

  it('shares nothing between requests: the same query twice costs the same requests twice', async () => {
    const query = `{ syncs(first: 3) { nodes { databaseId } } }`;
    await harness.graphql(query);
    await harness.graphql(query);
    expect(harness.upstream.requests.map((r) => r.path)).toEqual(['/api/v1/syncs', '/api/v1/syncs']);
  });

  it('costs no upstream request for embedded source, destination and model fields', async () => {
    const response = await harness.graphql(`{ syncs(first: 10) { nodes { source { name } destination { name } model { name connector { name } } } } }`);
    expect(response.body.errors).toBeUndefined();
    expect(harness.upstream.requests.map((r) => r.path)).toEqual(['/api/v1/syncs']);
  });
});
