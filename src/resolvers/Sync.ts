import { SYNC_INTERVAL_UNITS, SYNC_MODES, SYNC_SCHEDULE_TYPES, SYNC_STATUSES, toGraphQLEnum, toUpstreamFilter } from '../enums';
import type { SyncResolvers } from '../generated/graphql';
import { encodeGlobalId } from '../globalId';
import { latestSyncRun, syncRunList } from '../lists';
import { resolveConnection } from '../pagination/connection';
import { assertUpstreamId } from '../upstream/paths';
import { embeddedConnector, embeddedModel } from './embedded';

export const Sync: SyncResolvers = {
  id: (sync) => encodeGlobalId({ type: 'Sync', syncId: sync.id }),
  databaseId: (sync) => sync.id,
  name: (sync) => sync.name ?? null,
  scheduleType: (sync) => toGraphQLEnum(sync.schedule_type, SYNC_SCHEDULE_TYPES),
  syncMode: (sync) => toGraphQLEnum(sync.sync_mode, SYNC_MODES),
  syncInterval: (sync) => sync.sync_interval ?? null,
  syncIntervalUnit: (sync) => (sync.sync_interval_unit == null ? null : toGraphQLEnum(sync.sync_interval_unit, SYNC_INTERVAL_UNITS)),
  cronExpression: (sync) => sync.cron_expression ?? null,
  streamName: (sync) => sync.stream_name ?? null,
  status: (sync) => toGraphQLEnum(sync.status, SYNC_STATUSES),
  cursorField: (sync) => sync.cursor_field ?? null,
  currentCursorField: (sync) => sync.current_cursor_field ?? null,
  configuration: (sync) => sync.configuration ?? null,
  sourceDatabaseId: (sync) => sync.source_id,
  destinationDatabaseId: (sync) => sync.destination_id,
  modelDatabaseId: (sync) => sync.model_id,
  source: (sync, _args, ctx) => embeddedConnector(sync.source, sync.source_id, ctx),
  destination: (sync, _args, ctx) => embeddedConnector(sync.destination, sync.destination_id, ctx),
  model: (sync, _args, ctx) => embeddedModel(sync.model, sync.model_id, ctx),
  createdAt: (sync) => sync.created_at,
  updatedAt: (sync) => sync.updated_at,
  latestRun: (sync, _args, ctx) => latestSyncRun(ctx, sync.id),
  run: async (sync, { databaseId }, ctx) => {
    assertUpstreamId(databaseId, 'Argument "databaseId"');
    const run = await ctx.loaders.runByKey.load({ syncId: sync.id, runId: databaseId });
    return run && run.sync_id === sync.id ? run : null;
  },
  runs: (sync, args, ctx) => resolveConnection(syncRunList(ctx, sync.id, toUpstreamFilter(args.status, 'status')), args, ctx.pagination),
};
