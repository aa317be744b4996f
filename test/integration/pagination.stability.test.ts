/**
 * Cursors while the data moves: the demo upstream's data is changed between requests (records
 * inserted before and after the cursor, removed, runs moved to the front by an update), and paging
 * must neither repeat nor skip an item that was there all along.
 */
import { startHarness, type GraphQLResponse, type Harness } from '../support/harness';
import { dataOf, firstOf, itemOf } from '../support/response';

let harness: Harness;
let syncId: number;

const RECORDS = `query ($sync: Int!, $run: Int!, $first: Int, $after: String, $last: Int, $before: String) {
  sync(databaseId: $sync) { run(databaseId: $run) { records(first: $first, after: $after, last: $last, before: $before) {
    cursorStatus pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { databaseId } } } } } }`;
const RUNS = `query ($sync: Int!, $first: Int, $after: String) { sync(databaseId: $sync) { runs(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor } edges { node { databaseId } } } } }`;

interface RecordsData {
  sync: {
    run: {
      records: {
        cursorStatus: string | null;
        pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
        edges: Array<{ cursor: string; node: { databaseId: number } }>;
      };
    };
  };
}
interface RunsData {
  sync: { runs: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: { databaseId: number } }> } };
}

beforeAll(async () => {
  harness = await startHarness();
  syncId = firstOf(harness.upstream.store.listSyncs(1), 'the syncs of workspace 1').id;
});
afterAll(() => harness.close());

function newRun(records: number): { runId: number; recordIds: number[] } {
  const store = harness.upstream.store;
  const runId = store.insertRun(syncId, { status: 'success' }).id;
  const recordIds = Array.from({ length: records }, () => store.insertRecord(runId, { status: 'success' }).id);
  return { runId, recordIds };
}

async function page(runId: number, variables: Record<string, unknown>) {
  const response = await harness.graphql<RecordsData>(RECORDS, { sync: syncId, run: runId, ...variables });
  return response;
}

describe('forward paging while records are inserted and removed', () => {
  it('returns every record that stayed, once, in order, with no gaps', async () => {
    const { runId, recordIds } = newRun(120);
    const store = harness.upstream.store;
    const removed = new Set<number>();
    const seen: number[] = [];
    const statuses: Array<string | null> = [];
    let after: string | null = null;
    let round = 0;
    for (;;) {
      const response = await page(runId, { first: 10, after });
      expect(response.body.errors).toBeUndefined();
      const connection = dataOf(response).sync.run.records;
      seen.push(...connection.edges.map((e) => e.node.databaseId));
      statuses.push(connection.cursorStatus);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
      // Between requests: insert 3 records before the cursor, 2 after it, and remove 2 not yet seen and 1 already seen.
      round += 1;
      const list = store.listRecords(runId);
      const cursorIndex = list.findIndex((r) => r.id === seen[seen.length - 1]);
      store.insertRecordAt(runId, 0);
      store.insertRecordAt(runId, Math.max(0, cursorIndex - 3));
      store.insertRecordAt(runId, Math.max(0, cursorIndex - 1));
      const later = store.listRecords(runId).filter((r) => recordIds.includes(r.id) && !seen.includes(r.id) && !removed.has(r.id));
      for (const victim of [later[round % 7], later[later.length - 1 - (round % 5)]]) {
        if (victim && !removed.has(victim.id)) {
          store.removeRecord(victim.id);
          removed.add(victim.id);
        }
      }
      const seenVictim = itemOf(seen, round * 3 % seen.length, 'seen');
      if (!removed.has(seenVictim) && seenVictim !== seen[seen.length - 1]) {
        store.removeRecord(seenVictim);
        removed.add(seenVictim);
      }
      store.insertRecord(runId);
      store.insertRecord(runId);
    }
    expect(round).toBeGreaterThan(5);
    // No duplicates.
    expect(new Set(seen).size).toBe(seen.length);
    // Every original record that was never removed before it was reached is there, in original order.
    const survivors = recordIds.filter((id) => !removed.has(id) || seen.includes(id));
    expect(seen.filter((id) => recordIds.includes(id))).toEqual(survivors);
    // Records inserted after the start at the end of the list are reached too (they follow the cursor).
    expect(seen.length).toBeGreaterThan(survivors.length);
    // Every page after the first says the list moved under its cursor.
    expect(statuses[0]).toBeNull();
    expect(new Set(statuses.slice(1))).toEqual(new Set(['MOVED']));
  });
});

describe('backward paging while records are inserted', () => {
  it('returns every original record once, in order, walking from the end', async () => {
    const { runId, recordIds } = newRun(60);
    const store = harness.upstream.store;
    const seen: number[] = [];
    let before: string | null = null;
    for (let round = 0; ; round += 1) {
      const response = await page(runId, { last: 7, before });
      expect(response.body.errors).toBeUndefined();
      const connection = dataOf(response).sync.run.records;
      seen.unshift(...connection.edges.map((e) => e.node.databaseId));
      if (!connection.pageInfo.hasPreviousPage) break;
      before = connection.pageInfo.startCursor;
      // New records at the end (after the cursor) shift nothing before it; one at the front shifts everything.
      store.insertRecord(runId);
      if (round % 2 === 0) store.insertRecordAt(runId, 0);
    }
    const original = seen.filter((id) => recordIds.includes(id));
    expect(original).toEqual(recordIds);
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe('when the cursor item itself is gone or far away', () => {
  it('continues from where a removed cursor item stood', async () => {
    const { runId, recordIds } = newRun(30);
    const first = await page(runId, { first: 10 });
    const cursor = dataOf(first).sync.run.records.pageInfo.endCursor;
    harness.upstream.store.removeRecord(itemOf(recordIds, 9));
    harness.upstream.store.removeRecord(itemOf(recordIds, 2));
    const next = await page(runId, { first: 5, after: cursor });
    expect(next.body.errors).toBeUndefined();
    expect(dataOf(next).sync.run.records.edges.map((e) => e.node.databaseId)).toEqual(recordIds.slice(10, 15));
    expect(dataOf(next).sync.run.records.cursorStatus).toBe('GONE');
  });

  it('reports STALE_CURSOR, with a sentence saying to restart, when the item moved beyond the search radius', async () => {
    const { runId, recordIds } = newRun(20);
    const first = await page(runId, { first: 5 });
    const cursor = dataOf(first).sync.run.records.pageInfo.endCursor;
    // 120 records created earlier than all others now precede the cursor item (the radius is 50), and the item is gone.
    for (let i = 0; i < 120; i += 1) harness.upstream.store.insertRecordAt(runId, 0);
    harness.upstream.store.removeRecord(itemOf(recordIds, 4));
    const next = await page(runId, { first: 5, after: cursor });
    expect(next.body).toEqual({
      data: { sync: { run: null } },
      errors: [
        {
          message: 'The item that cursor "after" points at has moved too far or is gone; restart pagination without "after".',
          locations: expect.any(Array),
          path: ['sync', 'run', 'records'],
          extensions: { code: 'STALE_CURSOR' },
        },
      ],
    });
  });

  it('finds the cursor item again when it moved, within the radius', async () => {
    const { runId, recordIds } = newRun(20);
    const first = await page(runId, { first: 5 });
    const cursor = dataOf(first).sync.run.records.pageInfo.endCursor;
    for (let i = 0; i < 40; i += 1) harness.upstream.store.insertRecordAt(runId, 0);
    const next = await page(runId, { first: 5, after: cursor });
    expect(dataOf(next).sync.run.records.edges.map((e) => e.node.databaseId)).toEqual(recordIds.slice(5, 10));
    expect(dataOf(next).sync.run.records.cursorStatus).toBe('MOVED');
  });

  it('says EXACT when nothing moved, for after and before cursors', async () => {
    const { runId, recordIds } = newRun(12);
    const first = dataOf(await page(runId, { first: 4 })).sync.run.records;
    expect(first.cursorStatus).toBeNull();
    const after = dataOf(await page(runId, { first: 4, after: first.pageInfo.endCursor })).sync.run.records;
    expect(after.cursorStatus).toBe('EXACT');
    expect(after.edges.map((e) => e.node.databaseId)).toEqual(recordIds.slice(4, 8));
    const before = dataOf(await page(runId, { last: 2, before: after.pageInfo.startCursor })).sync.run.records;
    expect(before).toMatchObject({ cursorStatus: 'EXACT', pageInfo: { hasPreviousPage: true, hasNextPage: true } });
    expect(before.edges.map((e) => e.node.databaseId)).toEqual(recordIds.slice(2, 4));
  });
});

describe('runs that move to the front while they update', () => {
  it('never repeats a run when earlier runs are updated between pages', async () => {
    const seen: number[] = [];
    let after: string | null = null;
    for (let round = 0; ; round += 1) {
      const response: GraphQLResponse<RunsData> = await harness.graphql<RunsData>(RUNS, { sync: syncId, first: 4, after });
      expect(response.body.errors).toBeUndefined();
      const connection = dataOf(response).sync.runs;
      seen.push(...connection.edges.map((e) => e.node.databaseId));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
      // A run already seen gets an update: it moves to the front (before the cursor).
      harness.upstream.store.touchRun(itemOf(seen, round % seen.length, 'seen'));
    }
    expect(new Set(seen).size).toBe(seen.length);
    const all = harness.upstream.store.listRuns(syncId).map((r) => r.id);
    // Every run was seen: those touched had already been seen before they moved.
    expect(new Set(seen)).toEqual(new Set(all));
  });
});
