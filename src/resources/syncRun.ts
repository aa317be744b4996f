/**
 * SyncRun: `GET /api/v1/syncs/{sync_id}/sync_runs/{id}`, listed under its sync, most recently updated
 * first: a run in progress moves to the front as it updates (docs/upstream-contract.md §1, §2.3,
 * §3.2). Runs exist only under their sync, so a run's key (and global id) carries the sync's id.
 * A federation entity keyed by `id` or by `syncDatabaseId` + `databaseId`.
 */
import type { WithId } from '../upstream/jsonApi';
import type { GatewayContext } from '../context';
import { listSource, type ListDefinition } from './list';
import { fetchSingle, type Resource, type Tagged } from './resource';
import { syncPaths, type SyncKey } from './sync';
import { isUpstreamId, upstreamIdFrom, type UpstreamId } from './upstreamId';

export interface SyncRunAttributes {
  sync_id: number;
  status: string;
  sync_run_type?: string | null;
  started_at: string | null;
  finished_at: string | null;
  duration: number | null;
  total_query_rows: number | null;
  total_rows: number | null;
  skipped_rows?: number | null;
  successful_rows: number | null;
  failed_rows: number | null;
  /** Free text in the server; the vendor UI types it as an object. Both are accepted. */
  error: unknown;
  created_at: string;
  updated_at: string;
}

export type SyncRunData = Tagged<WithId<SyncRunAttributes>>;
export type SyncRunKey = SyncKey & { runId: UpstreamId };

/** The run statuses during which a run counts as active (docs/upstream-contract.md §5). */
export const ACTIVE_SYNC_RUN_STATUSES: readonly string[] = ['pending', 'started', 'querying', 'queued', 'in_progress'];

export const syncRunPaths = {
  list: (sync: SyncKey) => `${syncPaths.one(sync)}/sync_runs`,
  one: (key: SyncRunKey) => `${syncPaths.one(key)}/sync_runs/${key.runId}`,
};

export const syncRunResource: Resource<'SyncRun', SyncRunKey, SyncRunData> = {
  typeName: 'SyncRun',
  keyFields: ['syncId', 'runId'],
  pathOf: syncRunPaths.one,
  async fetch(loaders, key) {
    const run = await fetchSingle<SyncRunAttributes>(loaders, 'SyncRun', syncRunPaths.one(key));
    // A run is only ever the run of the sync it was asked under.
    return run && run.sync_id === key.syncId ? run : null;
  },
  entityKeys: [{ syncDatabaseId: 'syncId', databaseId: 'runId' }],
};

/** The runs of one sync; `status` in the upstream's spelling. */
export const runsOfSync: ListDefinition<SyncKey, { status: string | undefined }, SyncRunAttributes, SyncRunKey> = {
  resource: syncRunResource,
  name: (sync) => `syncs/${sync.syncId}/runs`,
  path: syncRunPaths.list,
  query: ({ status }) => ({ status }),
  order: 'desc',
  sortKey: (run) => run.updated_at,
  primeKey: (run, sync) => ({ syncId: isUpstreamId(run.sync_id) ? run.sync_id : sync.syncId, runId: run.id }),
};

export function syncRunKeyOf(run: SyncRunData): SyncRunKey {
  return { syncId: upstreamIdFrom(run.sync_id), runId: run.id };
}

/**
 * The sync's most recently updated run, or null when it has none: page 1 of one run, the same upstream
 * request as `runs { totalCount }` and the mutation payloads' run lookups, so they share it.
 */
export async function latestSyncRun(ctx: Pick<GatewayContext, 'loaders' | 'credentials'>, sync: SyncKey): Promise<SyncRunData | null> {
  const { items } = await listSource(ctx, runsOfSync, sync, { status: undefined }).fetchPage({ page: 1, perPage: 1 });
  return items[0] ?? null;
}
