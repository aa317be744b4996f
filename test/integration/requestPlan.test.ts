/**
 * The request plan: how many upstream requests (and which page/per_page) one window costs.
 * Asserted from the demo upstream's request log.
 */
import { startHarness, type GraphQLResponse, type Harness } from '../support/harness';
import { dataOf, firstOf, lastOf } from '../support/response';

let harness: Harness;
let syncId: number;
let runId: number;
let cursors: string[] = [];
const TOTAL = 230;

const RECORDS = `query ($sync: Int!, $run: Int!, $first: Int, $after: String, $last: Int, $before: String) {
  sync(databaseId: $sync) { run(databaseId: $run) { records(first: $first, after: $after, last: $last, before: $before) {
    pageInfo { hasNextPage hasPreviousPage } edges { cursor node { databaseId } } } } } }`;
const WITH_TOTAL = RECORDS.replace('pageInfo {', 'totalCount pageInfo {');

interface RecordsData {
  sync: { run: { records: { pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean }; edges: Array<{ cursor: string; node: { databaseId: number } }> } } };
}

beforeAll(async () => {
  harness = await startHarness();
  const store = harness.upstream.store;
  syncId = firstOf(store.listSyncs(1), 'the syncs of workspace 1').id;
  runId = store.insertRun(syncId, { status: 'success' }).id;
  for (let i = 0; i < TOTAL; i += 1) store.insertRecord(runId, { status: 'success' });
  for (let after: string | null = null; ; ) {
    const response: GraphQLResponse<RecordsData> = await harness.graphql<RecordsData>(RECORDS, { sync: syncId, run: runId, first: 100, after });
    const connection = dataOf(response).sync.run.records;
    cursors.push(...connection.edges.map((e) => e.cursor));
    if (!connection.pageInfo.hasNextPage) break;
    after = lastOf(cursors);
  }
  expect(cursors).toHaveLength(TOTAL);
});
afterAll(() => harness.close());

/** The record-list pages one query fetched, as "page/per_page" (the sync and run come from single-resource routes). */
async function pagesFor(query: string, variables: Record<string, unknown>): Promise<string[]> {
  harness.upstream.clearLog();
  const response = await harness.graphql(query, { sync: syncId, run: runId, ...variables });
  expect(response.body.errors).toBeUndefined();
  return harness.upstream.requests.filter((r) => r.path.endsWith('/sync_records')).map((r) => `${r.query.page}/${r.query.per_page}`);
}

describe('upstream requests per window', () => {
  it.each([1, 10, 25, 100])('first %i: one request, sized to the window plus one item that tells hasNextPage', async (n) => {
    expect(await pagesFor(RECORDS, { first: n })).toEqual([`1/${n + 1}`]);
  });

  it.each([1, 10, 25, 100])('first %i after a cursor: one request that also re-checks the cursor item', async (n) => {
    const pages = await pagesFor(RECORDS, { first: n, after: cursors[57] });
    expect(pages).toHaveLength(1);
    const [page, perPage] = firstOf(pages).split('/').map(Number) as [number, number];
    // The page covers the cursor's item (57) through the window and the one item after it.
    expect((page - 1) * perPage).toBeLessThanOrEqual(57);
    expect(page * perPage).toBeGreaterThanOrEqual(58 + n + 1);
    expect(perPage).toBeLessThanOrEqual(3 * (n + 2));
  });

  it.each([1, 10, 25, 100])('last %i before a cursor: one request', async (n) => {
    expect(await pagesFor(RECORDS, { last: n, before: cursors[150] })).toHaveLength(1);
  });

  it.each([1, 10, 25, 100])('last %i from the end: two requests (the first one learns the length from links.last)', async (n) => {
    expect(await pagesFor(RECORDS, { last: n })).toHaveLength(2);
  });

  it('totalCount is free when the fetched pages tell it, and costs one tiny request otherwise', async () => {
    expect(await pagesFor(WITH_TOTAL, { last: 10 })).toHaveLength(2);
    expect(await pagesFor(WITH_TOTAL, { first: 10, after: cursors[TOTAL - 5] })).toHaveLength(1);
    expect(await pagesFor(WITH_TOTAL, { first: 10 })).toEqual(['1/11', '1/1']);
  });

  it('answers hasNextPage from data, not from the upstream `next` link, which points past the last page', async () => {
    harness.upstream.clearLog();
    const response = await harness.graphql<RecordsData>(RECORDS, { sync: syncId, run: runId, first: 5, after: cursors[TOTAL - 1] });
    expect(dataOf(response).sync.run.records).toEqual({ pageInfo: { hasNextPage: false, hasPreviousPage: true }, edges: [] });
  });
});
