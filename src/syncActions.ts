/**
 * The writes behind the dashboard mutations (trigger, cancel, enable/disable). Each sends exactly one
 * upstream request straight through the client: no DataLoader (so identical writes are never merged)
 * and no retry. After a write, everything the request had cached about the sync is forgotten, so the
 * payload reads it fresh.
 */
import type { GatewayContext } from './context';
import { ErrorCode, gatewayError, isGatewayError } from './errors';
import { tagAs } from './resources/resource';
import { syncPaths, syncResource, type SyncAttributes, type SyncData } from './resources/sync';
import { ACTIVE_SYNC_RUN_STATUSES, latestSyncRun, type SyncRunData } from './resources/syncRun';
import type { UpstreamId } from './resources/upstreamId';
import type { UpstreamCall } from './upstream/client';
import { singleData } from './upstream/jsonApi';

type ActionContext = Pick<GatewayContext, 'client' | 'scope' | 'loaders' | 'credentials'>;

export type SyncRunAction = 'trigger' | 'cancel';

/** What `triggerSyncRun`/`cancelSyncRun` resolve to; the payload's fields read the sync and run lazily. */
export interface SyncRunActionResult {
  action: SyncRunAction;
  syncId: UpstreamId;
  clientMutationId: string | null;
}

/** What `setSyncEnabled` resolves to: the sync as the upstream answered the write. */
export interface SyncEnabledResult {
  sync: SyncData;
  clientMutationId: string | null;
}

/** `POST /schedule_syncs`: starts a run of a manual sync. */
export async function triggerSyncRun(ctx: ActionContext, syncId: UpstreamId): Promise<void> {
  await write(ctx, syncId, { method: 'POST', path: syncPaths.schedule(), body: { schedule_sync: { sync_id: syncId } }, needsWorkspace: true });
}

/** `DELETE /schedule_syncs/{sync_id}`: cancels the active run of a manual sync. */
export async function cancelSyncRun(ctx: ActionContext, syncId: UpstreamId): Promise<void> {
  await write(ctx, syncId, { method: 'DELETE', path: syncPaths.scheduled({ syncId }), needsWorkspace: true });
}

/** `PATCH /syncs/{id}/enable`: returns the updated sync (the response carries it; nothing else is read). */
export async function setSyncEnabled(ctx: ActionContext, syncId: UpstreamId, enabled: boolean): Promise<SyncData> {
  const body = await write(ctx, syncId, { method: 'PATCH', path: syncPaths.enable({ syncId }), body: { enable: enabled }, needsWorkspace: true });
  const sync = tagAs('Sync', singleData<SyncAttributes>(body));
  ctx.loaders.prime(syncResource, { syncId: sync.id }, sync);
  return sync;
}

/**
 * The run a trigger started or a cancel canceled, "where it can be found": the sync's most recently
 * updated run, when its status shows that the action took effect (active after a trigger, canceled
 * after a cancel). The upstream's answers to both writes name no run, and the hosted API may create or
 * cancel the run asynchronously, so anything else is null rather than a guess.
 */
export async function findActionRun(ctx: ActionContext, result: SyncRunActionResult): Promise<SyncRunData | null> {
  const run = await latestSyncRun(ctx, { syncId: result.syncId });
  if (!run || run.sync_id !== result.syncId) return null;
  const tookEffect = result.action === 'trigger' ? ACTIVE_SYNC_RUN_STATUSES.includes(run.status) : run.status === 'canceled';
  return tookEffect ? run : null;
}

async function write(ctx: ActionContext, syncId: UpstreamId, call: UpstreamCall): Promise<unknown> {
  try {
    return await ctx.client.call<unknown>(call, ctx.scope);
  } catch (error) {
    if (isGatewayError(error, ErrorCode.NOT_FOUND)) {
      throw gatewayError(ErrorCode.NOT_FOUND, `Sync ${syncId} does not exist in this workspace.`);
    }
    throw error;
  } finally {
    // Even a failed write may have changed the sync (a timeout after the upstream acted): forget it,
    // its runs and records, and the pages of the sync list (its status and place there may have changed).
    ctx.loaders.forgetUnder(syncPaths.one({ syncId }));
    ctx.loaders.forgetPages(syncPaths.list());
  }
}
