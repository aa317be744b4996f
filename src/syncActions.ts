/**
 * The writes behind the dashboard mutations (trigger, cancel, enable/disable). Each sends exactly one
 * upstream request straight through the client: no DataLoader (so identical writes are never merged)
 * and no retry. After a write, everything the request had cached about the sync is forgotten, so the
 * payload reads it fresh.
 */
import type { GatewayContext } from './context';
import { ErrorCode, gatewayError, isGatewayError } from './errors';
import { latestSyncRun } from './lists';
import type { UpstreamCall } from './upstream/client';
import { upstreamPaths } from './upstream/paths';
import type { SyncAttributes, SyncData, SyncRunData } from './upstream/records';
import { singleData } from './upstream/resources';
import { ACTIVE_SYNC_RUN_STATUSES } from './enums';

type ActionContext = Pick<GatewayContext, 'client' | 'scope' | 'loaders' | 'credentials'>;

export type SyncRunAction = 'trigger' | 'cancel';

/** What `triggerSyncRun`/`cancelSyncRun` resolve to; the payload's fields read the sync and run lazily. */
export interface SyncRunActionResult {
  action: SyncRunAction;
  syncId: number;
  clientMutationId: string | null;
}

/** What `setSyncEnabled` resolves to: the sync as the upstream answered the write. */
export interface SyncEnabledResult {
  sync: SyncData;
  clientMutationId: string | null;
}

/** `POST /schedule_syncs`: starts a run of a manual sync. */
export async function triggerSyncRun(ctx: ActionContext, syncId: number): Promise<void> {
  await write(ctx, syncId, { method: 'POST', path: upstreamPaths.scheduleSyncs(), body: { schedule_sync: { sync_id: syncId } }, needsWorkspace: true });
}

/** `DELETE /schedule_syncs/{sync_id}`: cancels the active run of a manual sync. */
export async function cancelSyncRun(ctx: ActionContext, syncId: number): Promise<void> {
  await write(ctx, syncId, { method: 'DELETE', path: upstreamPaths.scheduleSync(syncId), needsWorkspace: true });
}

/** `PATCH /syncs/{id}/enable`: returns the updated sync (the response carries it; nothing else is read). */
export async function setSyncEnabled(ctx: ActionContext, syncId: number, enabled: boolean): Promise<SyncData> {
  const body = await write(ctx, syncId, { method: 'PATCH', path: upstreamPaths.syncEnable(syncId), body: { enable: enabled }, needsWorkspace: true });
  const sync = singleData<SyncAttributes>(body);
  ctx.loaders.syncById.prime(sync.id, sync);
  return sync;
}

/**
 * The run a trigger started or a cancel canceled, "where it can be found": the sync's most recently
 * updated run, when its status shows that the action took effect (active after a trigger, canceled
 * after a cancel). The upstream's answers to both writes name no run, and the hosted API may create or
 * cancel the run asynchronously, so anything else is null rather than a guess.
 */
export async function findActionRun(ctx: ActionContext, result: SyncRunActionResult): Promise<SyncRunData | null> {
  const run = await latestSyncRun(ctx, result.syncId);
  if (!run || run.sync_id !== result.syncId) return null;
  const tookEffect =
    result.action === 'trigger' ? (ACTIVE_SYNC_RUN_STATUSES as readonly string[]).includes(run.status) : run.status === 'canceled';
  return tookEffect ? run : null;
}

async function write(ctx: ActionContext, syncId: number, call: UpstreamCall): Promise<unknown> {
  try {
    return await ctx.client.call<unknown>(call, ctx.scope);
  } catch (error) {
    if (isGatewayError(error, ErrorCode.NOT_FOUND)) {
      throw gatewayError(ErrorCode.NOT_FOUND, `Sync ${syncId} does not exist in this workspace.`);
    }
    throw error;
  } finally {
    // Even a failed write may have changed the sync (a timeout after the upstream acted).
    ctx.loaders.forgetSync(syncId);
  }
}
