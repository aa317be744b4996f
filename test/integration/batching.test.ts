/**
 * Upstream request counts, de-duplication and concurrency, asserted from the demo upstream's own
 * request log.
 */
import type { UpstreamRequestLogEntry } from '../../demo/src/server';
import { startHarness, type Harness } from '../support/harness';
import { dataOf, itemOf } from '../support/response';
import { restAll } from '../support/rest';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
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
    const isRunPage = (r: UpstreamRequestLogEntry) => /^\/api\/v1\/syncs\/\d+\/sync_runs$/.test(r.path);
    const isRecordPage = (r: UpstreamRequestLogEntry) => r.path.endsWith('/sync_records');
    // Each level's pages are held until the whole level has arrived: the gates fill only if the
    // gateway had all of a level's requests in flight at the same time.
    const store = harness.upstream.store;
    const expectedRunCount = store.listSyncs(1).slice(0, 10).reduce((n, sync) => n + Math.min(3, store.listRuns(sync.id).length), 0);
    const runGate = harness.upstream.holdResponses(10, { match: isRunPage });
    const recordGate = harness.upstream.holdResponses(expectedRunCount, { match: isRecordPage });
    const response = await harness.graphql<{ syncs: { nodes: Array<{ runs: { nodes: unknown[] } }> } }>(`{
      syncs(first: 10) { nodes { runs(first: 3) { nodes { records(first: 5) { nodes { databaseId } } } } } }
    }`);
    const [runLevel, recordLevel] = await Promise.all([runGate.opened, recordGate.opened]);
    const runCount = dataOf(response).syncs.nodes.reduce((n, s) => n + s.runs.nodes.length, 0);
    const log = harness.upstream.requests;
    const syncPages = log.filter((r) => r.path === '/api/v1/syncs');
    const runPages = log.filter(isRunPage);
    const recordPages = log.filter(isRecordPage);
    expect([syncPages.length, runPages.length, recordPages.length]).toEqual([1, 10, runCount]);
    expect(log).toHaveLength(1 + 10 + runCount);
    const distinct = new Set(log.map((r) => `${r.path}?${new URLSearchParams(r.query)}`));
    expect(distinct.size).toBe(log.length);
    // Level by level: the 10 run pages were in flight together, then the record pages were. No record
    // page arrived before the last run page, whose arrival released the run pages' answers.
    expect(runCount).toBe(expectedRunCount);
    expect(runLevel).toEqual({ filled: true, arrived: 10, expected: 10 });
    expect(runPages.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(recordLevel).toEqual({ filled: true, arrived: runCount, expected: runCount });
    expect(log.findIndex(isRecordPage)).toBeGreaterThan(log.indexOf(runPages.at(-1)!));
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
