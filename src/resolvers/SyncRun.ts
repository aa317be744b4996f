import { SYNC_RUN_STATUSES, SYNC_RUN_TYPES, toGraphQLEnum, toUpstreamFilter } from '../enums';
import type { SyncRunResolvers } from '../generated/graphql';
import { encodeGlobalId } from '../globalId';
import { resolveList } from '../resources/list';
import { syncResource } from '../resources/sync';
import { recordsOfRun } from '../resources/syncRecord';
import { ACTIVE_SYNC_RUN_STATUSES, syncRunKeyOf } from '../resources/syncRun';
import { upstreamIdFrom } from '../resources/upstreamId';

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
  error: (run) => (run.error == null ? null : typeof run.error === 'string' ? run.error : JSON.stringify(run.error)),
  createdAt: (run) => run.created_at,
  updatedAt: (run) => run.updated_at,
  records: (run, args, ctx) => resolveList(ctx, recordsOfRun, syncRunKeyOf(run), { status: toUpstreamFilter(args.status, 'status') }, args),
};
