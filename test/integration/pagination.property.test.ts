/**
 * Property-based: for thousands of generated argument combinations, the gateway's connection over
 * the demo upstream equals the Relay spec's algorithm applied to the full list (test/support/relayReference.ts).
 * Lists of length 0, 1, around page boundaries and many pages, with and without status filters.
 */
import fc from 'fast-check';
import { startHarness, type Harness } from '../support/harness';
import { restAll } from '../support/rest';
import { referenceConnection } from '../support/relayReference';
import { dataOf, firstOf, itemOf, lastOf } from '../support/response';
import type { PageShape } from '../support/traverse';

const RECORD_COUNTS = [0, 1, 2, 9, 10, 11, 20, 21, 99, 100, 101, 157];
const STATUSES = ['success', 'failed', 'pending'] as const;
const RECORD_FILTERS = [undefined, 'SUCCESS', 'FAILED', 'PENDING'] as const;

interface ListUnderTest {
  label: string;
  /** GraphQL query selecting the connection; variables $first $after $last $before. */
  query: string;
  variables: Record<string, unknown>;
  pick: (data: unknown) => PageShape;
  ids: number[];
  /** Gateway cursor of each item, by index. */
  cursors: string[];
}

let harness: Harness;
const lists: ListUnderTest[] = [];

const SELECTION = 'totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { databaseId } }';

beforeAll(async () => {
  harness = await startHarness();
  const store = harness.upstream.store;
  const sync = firstOf(store.listSyncs(1), 'the syncs of workspace 1');
  // Runs whose record counts sit on and around the page boundaries the planner uses.
  for (const [i, count] of RECORD_COUNTS.entries()) {
    const run = store.insertRun(sync.id, { status: 'success' });
    for (let r = 0; r < count; r += 1) store.insertRecord(run.id, { status: STATUSES[(r * 7 + i) % 3] });
    for (const status of RECORD_FILTERS) {
      lists.push({
        label: `run with ${count} records${status ? `, ${status}` : ''}`,
        query: `query ($run: Int!, $sync: Int!, $status: SyncRecordStatus, $first: Int, $after: String, $last: Int, $before: String) {
          sync(databaseId: $sync) { run(databaseId: $run) { records(status: $status, first: $first, after: $after, last: $last, before: $before) { ${SELECTION} } } } }`,
        variables: { sync: sync.id, run: run.id, status },
        pick: (d) => (d as { sync: { run: { records: PageShape } } }).sync.run.records,
        ids: [],
        cursors: [],
      });
    }
  }
  lists.push({
    label: 'syncs',
    query: `query ($first: Int, $after: String, $last: Int, $before: String) { syncs(first: $first, after: $after, last: $last, before: $before) { ${SELECTION} } }`,
    variables: {},
    pick: (d) => (d as { syncs: PageShape }).syncs,
    ids: [],
    cursors: [],
  });
  lists.push({
    label: 'runs of a sync',
    query: `query ($sync: Int!, $first: Int, $after: String, $last: Int, $before: String) { sync(databaseId: $sync) { runs(first: $first, after: $after, last: $last, before: $before) { ${SELECTION} } } }`,
    variables: { sync: sync.id },
    pick: (d) => (d as { sync: { runs: PageShape } }).sync.runs,
    ids: [],
    cursors: [],
  });
  // Expected contents straight from the upstream, and the gateway's cursor for every position.
  for (const list of lists) {
    list.ids = await expectedIds(list);
    for (let after: string | null = null; ; ) {
      const response = await harness.graphql(list.query, { ...list.variables, first: 100, after });
      const connection = list.pick(dataOf(response));
      list.cursors.push(...connection.edges.map((e) => e.cursor));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(list.cursors).toHaveLength(list.ids.length);
  }
});
afterAll(() => harness.close());

async function expectedIds(list: ListUnderTest): Promise<number[]> {
  const v = list.variables;
  if (list.label === 'syncs') return (await restAll(harness.upstream.url, '/api/v1/syncs')).map((s) => Number(s.id));
  if (list.label === 'runs of a sync') return (await restAll(harness.upstream.url, `/api/v1/syncs/${v.sync}/sync_runs`)).map((s) => Number(s.id));
  const query: Record<string, string> = v.status ? { status: String(v.status).toLowerCase() } : {};
  return (await restAll(harness.upstream.url, `/api/v1/syncs/${v.sync}/sync_runs/${v.run}/sync_records`, query)).map((s) => Number(s.id));
}

const size = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.constantFrom(0, 1, 9, 10, 11, 20, 21, 99, 100), fc.integer({ min: 0, max: 100 }));

describe('connections over the demo upstream', () => {
  it('match the Relay spec over the full list for thousands of argument combinations', async () => {
    const lengths = new Set(lists.map((l) => l.ids.length));
    for (const count of RECORD_COUNTS) expect(lengths.has(count)).toBe(true);
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: lists.length - 1 }).chain((index) => {
          const length = itemOf(lists, index, 'lists').ids.length;
          const position = length > 0 ? fc.option(fc.integer({ min: 0, max: length - 1 }), { nil: undefined, freq: 2 }) : fc.constant(undefined);
          return fc.record({
            index: fc.constant(index),
            first: fc.option(size, { nil: undefined, freq: 2 }),
            last: fc.option(size, { nil: undefined, freq: 2 }),
            after: position,
            before: position,
          });
        }),
        async ({ index, first, last, after, before }) => {
          const list = itemOf(lists, index, 'lists');
          const response = await harness.graphql(list.query, {
            ...list.variables,
            first,
            last,
            after: after === undefined ? undefined : list.cursors[after],
            before: before === undefined ? undefined : list.cursors[before],
          });
          expect(response.body.errors).toBeUndefined();
          const connection = list.pick(dataOf(response));
          const expected = referenceConnection(list.ids, { first: first === undefined && last === undefined ? 10 : first, last, after, before });
          expect({
            ids: connection.edges.map((e) => e.node.databaseId),
            cursors: connection.edges.map((e) => e.cursor),
            hasNextPage: connection.pageInfo.hasNextPage,
            hasPreviousPage: connection.pageInfo.hasPreviousPage,
            startCursor: connection.pageInfo.startCursor,
            endCursor: connection.pageInfo.endCursor,
            totalCount: connection.totalCount,
          }).toEqual({
            ids: expected.items,
            cursors: expected.items.map((id) => list.cursors[list.ids.indexOf(id)]),
            hasNextPage: expected.hasNextPage,
            hasPreviousPage: expected.hasPreviousPage,
            startCursor: expected.items.length ? list.cursors[list.ids.indexOf(firstOf(expected.items))] : null,
            endCursor: expected.items.length ? list.cursors[list.ids.indexOf(lastOf(expected.items))] : null,
            totalCount: list.ids.length,
          });
          checked += 1;
        },
      ),
      { numRuns: Number(process.env.PAGINATION_PROPERTY_RUNS ?? 2000) },
    );
    expect(checked).toBeGreaterThanOrEqual(1000);
  }, 120_000);
});
