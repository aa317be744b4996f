import { SYNC_RUN_STATUSES, SYNC_RUN_TYPES, toGraphQLEnum, toUpstreamFilter } from '../enums';
import type { SyncRunRecordsArgs, SyncRunResolvers } from '../generated/graphql';
import { encodeGlobalId } from '../globalId';
import type { ObjectLookahead } from '../lookahead/planner';
import { prefetchList, resolveList } from '../resources/list';
import { tagAs } from '../resources/resource';
import { syncResource } from '../resources/sync';
import { recordsOfRun } from '../resources/syncRecord';
import { ACTIVE_SYNC_RUN_STATUSES, syncRunKeyOf, syncRunResource, type SyncRunData, type SyncRunKey } from '../resources/syncRun';
import { upstreamIdFrom } from '../resources/upstreamId';
import { jsonText } from './jsonText';

export const SyncRun: SyncRunResolvers = {
  id: (run) => encodeGlobalId({ type: 'SyncRun', syncId: run.sync_id, runId: run.id }),
  databaseId: (run) => run.id,
  syncDatabaseId: (run) => run.sync_id,
  sync: (run, _args, ctx) => ctx.loaders.load(syncResource, { syncId: upstreamIdFrom(run.sync_id) }),
  status: (run) => toGraphQLEnum(run.status, SYNC_RUN_STATUSES),
  isActive: (run) => ACTIVE_SYNC_RUN_STATUSES.includes(run.status),
  runType: (run) => toGraphQLEnum(run.sync_run_type, SYNC_RUN_TYPES),
  startedAt: (run) => run.started_at ?? null,
  finishedAt: (run) => run.finished_at ?? null,
  duration: (run) => (typeof run.duration === 'number' ? run.duration : run.duration == null ? null : Number(run.duration)),
  totalQueryRows: (run) => run.total_query_rows ?? 0,
  totalRows: (run) => run.total_rows ?? 0,
  skippedRows: (run) => run.skipped_rows ?? 0,
  successfulRows: (run) => run.successful_rows ?? 0,
  failedRows: (run) => run.failed_rows ?? 0,
  // The server stores free text; the vendor UI types it as an object. Either becomes text.
  error: (run) => (run.error == null ? null : typeof run.error === 'string' ? run.error : jsonText(run.error)),
  createdAt: (run) => run.created_at,
  updatedAt: (run) => run.updated_at,
  records: (run, args, ctx) => resolveList(ctx, recordsOfRun, syncRunKeyOf(run), { status: toUpstreamFilter(args.status, 'status') }, args),
};

/** A run fetched by key (src/lookahead): its records' first page can be fetched before the run itself. */
export const syncRunLookahead: ObjectLookahead<SyncRunKey, SyncRunData> = {
  resource: syncRunResource,
  fromKey: ['id', 'databaseId', 'syncDatabaseId'],
  // What `id`, `databaseId`, `syncDatabaseId` and `records` read of a run.
  stub: (key) => tagAs('SyncRun', { id: key.runId, sync_id: key.syncId } as unknown as SyncRunData),
  children: {
    records: (ctx, run, field) => {
      const args = field.args as SyncRunRecordsArgs;
      return prefetchList(ctx, recordsOfRun, run, { status: toUpstreamFilter(args.status, 'status') }, args);
    },
  },
};
