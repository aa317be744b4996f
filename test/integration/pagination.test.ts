/**
 * Paging every list through the gateway, both directions, several page sizes, with and without
 * status filters, compared with the full list read directly from the upstream.
 */
import { startHarness, type Harness } from '../support/harness';
import { dataOf, errorsOf, firstOf, itemOf } from '../support/response';
import { restAll, type Resource, type SyncRecordAttributes, type SyncRunAttributes } from '../support/rest';
import { PAGE_SELECTION, traverse, type PageShape } from '../support/traverse';

let harness: Harness;
let busySync: { id: number; runIds: number[] };
let bigRun: { syncId: number; runId: number; recordIds: number[] };

beforeAll(async () => {
  harness = await startHarness();
  const syncs = await restAll(harness.upstream.url, '/api/v1/syncs');
  let mostRuns: Array<Resource<SyncRunAttributes>> = [];
  let mostRunsSync = 0;
  let mostRecords: Array<Resource<SyncRecordAttributes>> = [];
  let mostRecordsRun = { syncId: 0, runId: 0 };
  for (const sync of syncs) {
    const runs = await restAll<SyncRunAttributes>(harness.upstream.url, `/api/v1/syncs/${sync.id}/sync_runs`);
    if (runs.length > mostRuns.length) {
      mostRuns = runs;
      mostRunsSync = Number(sync.id);
    }
    for (const run of runs) {
      if (run.attributes.total_rows > mostRecords.length) {
        const records = await restAll<SyncRecordAttributes>(harness.upstream.url, `/api/v1/syncs/${sync.id}/sync_runs/${run.id}/sync_records`);
        if (records.length > mostRecords.length) {
          mostRecords = records;
          mostRecordsRun = { syncId: Number(sync.id), runId: Number(run.id) };
        }
      }
    }
  }
  busySync = { id: mostRunsSync, runIds: mostRuns.map((r) => Number(r.id)) };
  bigRun = { ...mostRecordsRun, recordIds: mostRecords.map((r) => Number(r.id)) };
});
afterAll(() => harness.close());

const SYNCS = `query ($first: Int, $after: String, $last: Int, $before: String) { syncs(first: $first, after: $after, last: $last, before: $before) { ${PAGE_SELECTION} } }`;
const RUNS = `query ($sync: Int!, $status: SyncRunStatus, $first: Int, $after: String, $last: Int, $before: String) {
  sync(databaseId: $sync) { runs(status: $status, first: $first, after: $after, last: $last, before: $before) { ${PAGE_SELECTION} } } }`;
const RECORDS = `query ($sync: Int!, $run: Int!, $status: SyncRecordStatus, $first: Int, $after: String, $last: Int, $before: String) {
  sync(databaseId: $sync) { run(databaseId: $run) { records(status: $status, first: $first, after: $after, last: $last, before: $before) { ${PAGE_SELECTION} } } } }`;
type SyncsData = { syncs: PageShape };
type RunsData = { sync: { runs: PageShape } };
type RecordsData = { sync: { run: { records: PageShape } } };

describe('the demo data is big enough to page through', () => {
  it('has a sync with many runs and a run with hundreds of records', () => {
    expect(busySync.runIds.length).toBeGreaterThanOrEqual(15);
    expect(bigRun.recordIds.length).toBeGreaterThanOrEqual(200);
  });
});

describe.each(['forward', 'backward'] as const)('paging %s', (direction) => {
  it.each([1, 3, 10, 25])('returns every sync exactly once, in order, with page size %i', async (size) => {
    const expected = (await restAll(harness.upstream.url, '/api/v1/syncs')).map((s) => Number(s.id));
    const walked = await traverse(harness, SYNCS, {}, (d: SyncsData) => d.syncs, direction, size);
    expect(walked.ids).toEqual(expected);
    expect(walked.pages).toBe(Math.max(1, Math.ceil(expected.length / size)));
    expect(new Set(walked.totalCounts)).toEqual(new Set([expected.length]));
  });

  it.each([1, 4, 10])('returns every run of a sync, with page size %i', async (size) => {
    const walked = await traverse(harness, RUNS, { sync: busySync.id }, (d: RunsData) => d.sync.runs, direction, size);
    expect(walked.ids).toEqual(busySync.runIds);
  });

  it.each([7, 25, 100])('returns every record of a run with hundreds of records, with page size %i', async (size) => {
    const walked = await traverse(harness, RECORDS, { sync: bigRun.syncId, run: bigRun.runId }, (d: RecordsData) => d.sync.run.records, direction, size);
    expect(walked.ids).toEqual(bigRun.recordIds);
    expect(walked.totalCounts[0]).toBe(bigRun.recordIds.length);
  });

  it.each(['FAILED', 'SUCCESS'])('applies the records status filter %s on every page', async (status) => {
    const expected = (
      await restAll(harness.upstream.url, `/api/v1/syncs/${bigRun.syncId}/sync_runs/${bigRun.runId}/sync_records`, { status: status.toLowerCase() })
    ).map((r) => Number(r.id));
    expect(expected.length).toBeGreaterThan(0);
    const walked = await traverse(harness, RECORDS, { sync: bigRun.syncId, run: bigRun.runId, status }, (d: RecordsData) => d.sync.run.records, direction, 6);
    expect(walked.ids).toEqual(expected);
    expect(walked.totalCounts[0]).toBe(expected.length);
  });

  it('applies the runs status filter', async () => {
    const all = await restAll<SyncRunAttributes>(harness.upstream.url, `/api/v1/syncs/${busySync.id}/sync_runs`);
    const status = itemOf(all, Math.floor(all.length / 2), 'the REST runs').attributes.status;
    const expected = (await restAll(harness.upstream.url, `/api/v1/syncs/${busySync.id}/sync_runs`, { status })).map((r) => Number(r.id));
    const walked = await traverse(harness, RUNS, { sync: busySync.id, status: status.toUpperCase() }, (d: RunsData) => d.sync.runs, direction, 2);
    expect(walked.ids).toEqual(expected);
  });
});

describe('connection arguments', () => {
  it('gives pageInfo exactly as the Relay spec does around the end of the list', async () => {
    const total = bigRun.recordIds.length;
    const last3 = await harness.graphql<RecordsData>(RECORDS, { sync: bigRun.syncId, run: bigRun.runId, last: 3 });
    const connection = dataOf(last3).sync.run.records;
    expect(connection.edges.map((e) => e.node.databaseId)).toEqual(bigRun.recordIds.slice(total - 3));
    expect(connection.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    // After the last item: empty page, no next page, a previous page exists.
    const after = await harness.graphql<RecordsData>(RECORDS, { sync: bigRun.syncId, run: bigRun.runId, first: 5, after: connection.pageInfo.endCursor });
    expect(dataOf(after).sync.run.records).toMatchObject({
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null },
      totalCount: total,
    });
  });

  it('rejects first/last out of range and foreign or malformed cursors with BAD_USER_INPUT, keeping sibling fields', async () => {
    const syncsPage = await harness.graphql<{ syncs: { edges: Array<{ cursor: string }> } }>(`{ syncs(first: 2) { edges { cursor } } }`);
    const syncCursor = firstOf(dataOf(syncsPage).syncs.edges, 'edges').cursor;
    // Connections are non-null (as the schema promises), so an error nulls the nearest nullable parent: here `sync`.
    const response = await harness.graphql(
      `query ($cursor: String!) {
        big: sync(databaseId: ${bigRun.syncId}) { runs(first: 500) { totalCount } }
        negative: sync(databaseId: ${bigRun.syncId}) { runs(last: -1) { totalCount } }
        foreign: sync(databaseId: ${bigRun.syncId}) { runs(first: 2, after: $cursor) { totalCount } }
        garbage: sync(databaseId: ${bigRun.syncId}) { runs(first: 2, before: "not-a-cursor") { totalCount } }
        fine: syncs(first: 1) { nodes { databaseId } }
        alsoFine: sync(databaseId: ${bigRun.syncId}) { databaseId }
      }`,
      { cursor: syncCursor },
    );
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({
      big: null,
      negative: null,
      foreign: null,
      garbage: null,
      fine: { nodes: [expect.any(Object)] },
      alsoFine: { databaseId: bigRun.syncId },
    });
    const byPath = Object.fromEntries(errorsOf(response).map((e) => [e.path?.join('.'), { message: e.message, code: e.extensions?.code }]));
    expect(byPath).toEqual({
      'big.runs': { code: 'BAD_USER_INPUT', message: 'Argument "first" must be between 0 and 100, got 500.' },
      'negative.runs': { code: 'BAD_USER_INPUT', message: 'Argument "last" must be between 0 and 100, got -1.' },
      'foreign.runs': {
        code: 'BAD_USER_INPUT',
        message: 'Argument "after" is not a valid cursor for this connection: it belongs to another list, parent, filter or workspace.',
      },
      'garbage.runs': { code: 'BAD_USER_INPUT', message: 'Argument "before" is not a valid cursor for this connection: it was not issued by this gateway.' },
    });
  });

  it('reports a bad argument on a root connection with a clear error and no upstream call', async () => {
    harness.upstream.clearLog();
    const response = await harness.graphql(`{ syncs(first: 101) { totalCount } }`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: null,
      errors: [
        {
          message: 'Argument "first" must be between 0 and 100, got 101.',
          locations: [{ line: 1, column: 3 }],
          path: ['syncs'],
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ],
    });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('uses the default page size when neither first nor last is given', async () => {
    const response = await harness.graphql<{ syncs: { pageInfo: { hasNextPage: boolean }; nodes: unknown[] } }>(`{ syncs { pageInfo { hasNextPage } nodes { databaseId } } }`);
    expect(dataOf(response).syncs.nodes).toHaveLength(10);
    expect(dataOf(response).syncs.pageInfo.hasNextPage).toBe(true);
  });

  it('handles first and last together as the spec does (first, then last)', async () => {
    const response = await harness.graphql<RecordsData>(RECORDS, { sync: bigRun.syncId, run: bigRun.runId, first: 10, last: 4 });
    const connection = dataOf(response).sync.run.records;
    expect(connection.edges.map((e) => e.node.databaseId)).toEqual(bigRun.recordIds.slice(6, 10));
    expect(connection.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  });
});
