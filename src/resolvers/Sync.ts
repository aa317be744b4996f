import { SYNC_INTERVAL_UNITS, SYNC_MODES, SYNC_SCHEDULE_TYPES, SYNC_STATUSES, toGraphQLEnum, toUpstreamFilter } from '../enums';
import type { QueryResolvers, SyncResolvers } from '../generated/graphql';
import { encodeGlobalId } from '../globalId';
import { embeddedConnector } from '../resources/connector';
import { resolveList } from '../resources/list';
import { embeddedModel } from '../resources/model';
import { syncResource, syncsList } from '../resources/sync';
import { latestSyncRun, runsOfSync, syncRunResource } from '../resources/syncRun';
import { parseUpstreamId } from '../resources/upstreamId';

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
  source: (sync, _args, ctx) => embeddedConnector(ctx.loaders, sync.source, sync.source_id),
  destination: (sync, _args, ctx) => embeddedConnector(ctx.loaders, sync.destination, sync.destination_id),
  model: (sync, _args, ctx) => embeddedModel(ctx.loaders, sync.model, sync.model_id),
  createdAt: (sync) => sync.created_at,
  updatedAt: (sync) => sync.updated_at,
  latestRun: (sync, _args, ctx) => latestSyncRun(ctx, { syncId: sync.id }),
  run: (sync, { databaseId }, ctx) =>
    ctx.loaders.load(syncRunResource, { syncId: sync.id, runId: parseUpstreamId(databaseId, 'Argument "databaseId"') }),
  runs: (sync, args, ctx) => resolveList(ctx, runsOfSync, { syncId: sync.id }, { status: toUpstreamFilter(args.status, 'status') }, args),
};

/** The root fields of schema/sync.graphql. */
export const syncQueryFields: Pick<QueryResolvers, 'syncs' | 'sync'> = {
  syncs: (_root, args, ctx) => resolveList(ctx, syncsList, null, null, args),
  sync: (_root, { databaseId }, ctx) => ctx.loaders.load(syncResource, { syncId: parseUpstreamId(databaseId, 'Argument "databaseId"') }),
};
