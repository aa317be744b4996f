/**
 * Records the real server leaves unfinished (docs/upstream-contract.md §2.3, §2.4): a record whose write
 * raised stays PENDING after its run ended, so `successfulRows + failedRows` can be less than
 * `totalRows`; and a destination that loads in batches leaves its failed records without `logs`. The
 * demo's sync 5 does both; the gateway serves such a run and its records as they are.
 */
import { startHarness, type Harness } from '../support/harness';
import { dataOf, defined } from '../support/response';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const BATCH_SYNC = 5;

interface RunData {
  sync: {
    run: {
      status: string;
      isActive: boolean;
      finishedAt: string | null;
      totalRows: number;
      successfulRows: number;
      failedRows: number;
      failed: { totalCount: number; nodes: Array<{ status: string; logs: unknown }> };
      pending: { totalCount: number; nodes: Array<{ status: string; logs: unknown }> };
      all: { totalCount: number };
    };
  };
}

it('serves a finished run whose counters do not add up, its pending records, and failed records without logs', async () => {
  const store = h.upstream.store;
  // The seeded failed run of sync 5 that ended with records still pending.
  const run = defined(
    store.listRuns(BATCH_SYNC).find((candidate) => candidate.status === 'failed' && store.listRecords(candidate.id, 'pending').length > 0),
    'a failed run of sync 5 with pending records',
  );
  const response = await h.graphql<RunData>(
    `query ($sync: Int!, $run: Int!) { sync(databaseId: $sync) { run(databaseId: $run) {
      status isActive finishedAt totalRows successfulRows failedRows
      failed: records(status: FAILED, first: 100) { totalCount nodes { status logs { request response level } } }
      pending: records(status: PENDING, first: 100) { totalCount nodes { status logs { level } } }
      all: records(first: 100) { totalCount }
    } } }`,
    { sync: BATCH_SYNC, run: run.id },
  );
  const served = dataOf(response).sync.run;
  expect(served).toMatchObject({ status: 'FAILED', isActive: false, finishedAt: new Date(defined(run.finishedAt, 'finishedAt')).toISOString() });
  expect(served.successfulRows + served.failedRows).toBeLessThan(served.totalRows);
  expect(served.all.totalCount).toBe(served.totalRows);
  expect(served.failed.totalCount).toBe(served.failedRows);
  expect(served.failed.nodes.length).toBeGreaterThan(0);
  expect(new Set(served.failed.nodes.map((node) => JSON.stringify(node)))).toEqual(new Set([JSON.stringify({ status: 'FAILED', logs: null })]));
  expect(served.pending.totalCount).toBe(served.totalRows - served.successfulRows - served.failedRows);
  expect(new Set(served.pending.nodes.map((node) => JSON.stringify(node)))).toEqual(new Set([JSON.stringify({ status: 'PENDING', logs: null })]));
});
