/**
 * The four operations the bench compares, as GraphQL documents over ids taken from the demo's seeded
 * data. Which REST requests each one replaces is recorded from the gateway (restPlan.ts), except for
 * (c): there the REST side is the single request a hand-written client would send.
 */
import { DEMO_WORKSPACE_ID } from '../../demo/src/credentials';
import type { DemoStore } from '../../demo/src/store';

export type OperationKey = 'a' | 'b' | 'c' | 'd';

export interface Operation {
  key: OperationKey;
  /** Short label for the tables. */
  label: string;
  query: string;
  /** A fixed REST request plan (request targets, one level); undefined: record it from the gateway. */
  fixedRestPlan?: string[][];
}

export interface BenchIds {
  syncId: number;
  runId: number;
  records: number;
}

/** A window of (c) is 100 records; the REST side asks one more to learn `hasNextPage`. */
export const RECORDS_WINDOW = 100;

/**
 * The first sync of the demo workspace (in the upstream's order) with a run of at least
 * RECORDS_WINDOW records: (a) reads that sync, (c) reads a window of that run.
 */
export function pickIds(store: DemoStore): BenchIds {
  for (const sync of store.listSyncs(DEMO_WORKSPACE_ID)) {
    for (const run of store.listRuns(sync.id)) {
      const records = store.listRecords(run.id).length;
      if (records >= RECORDS_WINDOW) return { syncId: sync.id, runId: run.id, records };
    }
  }
  throw new Error(`the demo workspace has no run with ${RECORDS_WINDOW} records or more`);
}

const SYNC_SCALARS =
  'databaseId scheduleType syncMode syncInterval syncIntervalUnit cronExpression streamName status sourceDatabaseId destinationDatabaseId updatedAt';

export function buildOperations(ids: BenchIds): Operation[] {
  const { syncId, runId } = ids;
  return [
    { key: 'a', label: '(a) sync, 11 scalars', query: `{ sync(databaseId: ${syncId}) { ${SYNC_SCALARS} } }` },
    {
      key: 'b',
      label: '(b) dashboard 20×3 runs',
      query: '{ syncs(first: 20) { nodes { databaseId status runs(first: 3) { nodes { databaseId status } } } } }',
    },
    {
      key: 'c',
      label: '(c) 100 records of a run',
      query:
        `{ sync(databaseId: ${syncId}) { run(databaseId: ${runId}) { records(first: ${RECORDS_WINDOW}) ` +
        '{ nodes { databaseId status record } pageInfo { hasNextPage endCursor } } } } }',
      fixedRestPlan: [[`/api/v1/syncs/${syncId}/sync_runs/${runId}/sync_records?page=1&per_page=${RECORDS_WINDOW + 1}`]],
    },
    {
      key: 'd',
      label: '(d) 10 syncs×3 runs×5 records',
      query: '{ syncs(first: 10) { nodes { runs(first: 3) { nodes { records(first: 5) { nodes { databaseId } } } } } } }',
    },
  ];
}
