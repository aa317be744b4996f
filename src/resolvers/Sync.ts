import { SYNC_INTERVAL_UNITS, SYNC_MODES, SYNC_SCHEDULE_TYPES, SYNC_STATUSES, toGraphQLEnum, toUpstreamFilter } from '../enums';
import type { QueryResolvers, SyncResolvers, SyncRunArgs, SyncRunsArgs } from '../generated/graphql';
import { encodeGlobalId } from '../globalId';
import { embeddedConnector } from '../resources/connector';
import { planObject, resolveByKey, type ObjectLookahead } from '../lookahead/planner';
import { selectionOf } from '../lookahead/selection';
import { prefetchList, resolveList } from '../resources/list';
import { tagAs } from '../resources/resource';
import { embeddedModel } from '../resources/model';
import { syncResource, syncsList, type SyncData, type SyncKey } from '../resources/sync';
import { latestSyncRun, runsOfSync, syncRunResource } from '../resources/syncRun';
import { parseUpstreamId } from '../resources/upstreamId';
import { servedConfiguration } from '../secrets';
import { syncRunLookahead } from './SyncRun';

const DATABASE_ID = 'Argument "databaseId"';

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
  configuration: (sync, _args, ctx) => servedConfiguration(sync.configuration, ctx.maskSecrets),
  sourceDatabaseId: (sync) => sync.source_id,
  destinationDatabaseId: (sync) => sync.destination_id,
  modelDatabaseId: (sync) => sync.model_id,
  source: (sync, _args, ctx) => embeddedConnector(ctx.loaders, sync.source, sync.source_id),
  destination: (sync, _args, ctx) => embeddedConnector(ctx.loaders, sync.destination, sync.destination_id),
  model: (sync, _args, ctx) => embeddedModel(ctx.loaders, sync.model, sync.model_id),
  createdAt: (sync) => sync.created_at,
  updatedAt: (sync) => sync.updated_at,
  latestRun: (sync, _args, ctx) => latestSyncRun(ctx, { syncId: sync.id }),
  run: (sync, { databaseId }, ctx, info) =>
    resolveByKey(ctx, syncRunLookahead, { syncId: sync.id, runId: parseUpstreamId(databaseId, DATABASE_ID) }, selectionOf(info)),
  runs: (sync, args, ctx) => resolveList(ctx, runsOfSync, { syncId: sync.id }, { status: toUpstreamFilter(args.status, 'status') }, args),
};

/** The root fields of schema/sync.graphql. */
export const syncQueryFields: Pick<QueryResolvers, 'syncs' | 'sync'> = {
  syncs: (_root, args, ctx) => resolveList(ctx, syncsList, null, null, args),
  sync: (_root, { databaseId }, ctx, info) => resolveByKey(ctx, syncLookahead, { syncId: parseUpstreamId(databaseId, DATABASE_ID) }, selectionOf(info)),
};

/** A sync fetched by key (src/lookahead): its runs, one run, and that run's records can start with it. */
export const syncLookahead: ObjectLookahead<SyncKey, SyncData> = {
  resource: syncResource,
  fromKey: ['id', 'databaseId'],
  // What `id`, `databaseId` and the children below read of a sync.
  stub: (key) => tagAs('Sync', { id: key.syncId } as SyncData),
  children: {
    run: (ctx, sync, field) => {
      const runId = parseUpstreamId((field.args as SyncRunArgs).databaseId, DATABASE_ID);
      return planObject(ctx, syncRunLookahead, { ...sync, runId }, field.selection).proof;
    },
    runs: (ctx, sync, field) => {
      const args = field.args as SyncRunsArgs;
      return prefetchList(ctx, runsOfSync, sync, { status: toUpstreamFilter(args.status, 'status') }, args);
    },
    latestRun: (ctx, sync) => latestSyncRun(ctx, sync),
  },
};
