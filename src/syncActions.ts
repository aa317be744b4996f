/**
 * The writes behind the dashboard mutations (trigger, cancel, enable/disable). Each sends at most one
 * upstream write straight through the client: no DataLoader (so identical writes are never merged)
 * and no retry. After a write, everything the request had cached about the sync is forgotten, so the
 * payload reads it fresh.
 */
import type { GatewayContext } from './context';
import { ErrorCode, gatewayError, isGatewayError } from './errors';
import { isRoleRefusal } from './upstream/errorMapping';
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

/** What `setSyncEnabled` resolves to: the sync in the asked state, from the write's answer or from a read. */
export interface SyncEnabledResult {
  sync: SyncData;
  clientMutationId: string | null;
}

/** Each write needs its own permission on syncs upstream; a role without it is told which one. */
type SyncWrite = 'trigger' | 'cancel' | 'enable';

const REFUSALS: Record<SyncWrite, string> = {
  trigger: 'Your role in this workspace may not start runs: that needs the "create" permission on syncs.',
  cancel: 'Your role in this workspace may not cancel runs: that needs the "delete" permission on syncs.',
  enable: 'Your role in this workspace may not switch syncs on or off: that needs the "update" permission on syncs.',
};

/** `POST /schedule_syncs`: starts a run of a manual sync. */
export async function triggerSyncRun(ctx: ActionContext, syncId: UpstreamId): Promise<void> {
  await write(ctx, syncId, 'trigger', { method: 'POST', path: syncPaths.schedule(), body: { schedule_sync: { sync_id: syncId } }, needsWorkspace: true });
}

/** `DELETE /schedule_syncs/{sync_id}`: cancels the active run of a manual sync. */
export async function cancelSyncRun(ctx: ActionContext, syncId: UpstreamId): Promise<void> {
  await write(ctx, syncId, 'cancel', { method: 'DELETE', path: syncPaths.scheduled({ syncId }), needsWorkspace: true });
}

/**
 * `PATCH /syncs/{id}/enable`, made idempotent. The upstream's state machine refuses to enable a sync that
 * is not disabled, or to disable one that is (a 400), so the sync is read first and one already in the
 * asked state is returned without a write. A write that still meets the refusal lost a race with another
 * writer: the sync is read again, and the mutation succeeds when it is now in the asked state.
 */
export async function setSyncEnabled(ctx: ActionContext, syncId: UpstreamId, enabled: boolean): Promise<SyncData> {
  const current = await readSync(ctx, syncId);
  if (isEnabledAs(current, enabled)) return current;
  let body: unknown;
  try {
    body = await write(ctx, syncId, 'enable', { method: 'PATCH', path: syncPaths.enable({ syncId }), body: { enable: enabled }, needsWorkspace: true });
  } catch (error) {
    if (!isGatewayError(error, ErrorCode.FAILED_PRECONDITION)) throw error;
    const now = await readSync(ctx, syncId);
    if (isEnabledAs(now, enabled)) return now;
    throw error;
  }
  // The answer carries the sync: nothing else is read.
  const sync = tagAs('Sync', singleData<SyncAttributes>(body));
  ctx.loaders.prime(syncResource, { syncId: sync.id }, sync);
  return sync;
}

/** Enabled means anything but `disabled`: that is how the upstream's state machine reads it. */
function isEnabledAs(sync: SyncData, enabled: boolean): boolean {
  return (sync.status !== 'disabled') === enabled;
}

async function readSync(ctx: ActionContext, syncId: UpstreamId): Promise<SyncData> {
  const sync = await ctx.loaders.load(syncResource, { syncId });
  if (!sync) throw gatewayError(ErrorCode.NOT_FOUND, `Sync ${syncId} does not exist in this workspace.`);
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

/**
 * True when the run of an accepted trigger cannot be found yet (`findActionRun` is null). The upstream
 * answers 200 even when its workflow engine failed to start the run, so it may appear later or never.
 * A failed look-up also counts as "not found yet": the payload's `run` field carries that error.
 */
export async function isRunPending(ctx: ActionContext, result: SyncRunActionResult): Promise<boolean> {
  try {
    return (await findActionRun(ctx, result)) === null;
  } catch {
    return true;
  }
}

async function write(ctx: ActionContext, syncId: UpstreamId, kind: SyncWrite, call: UpstreamCall): Promise<unknown> {
  try {
    return await ctx.client.call<unknown>(call, ctx.scope);
  } catch (error) {
    if (isGatewayError(error, ErrorCode.NOT_FOUND)) {
      throw gatewayError(ErrorCode.NOT_FOUND, `Sync ${syncId} does not exist in this workspace.`);
    }
    if (isRoleRefusal(error)) throw gatewayError(ErrorCode.FORBIDDEN, REFUSALS[kind]);
    throw error;
  } finally {
    // Even a failed write may have changed the sync (a timeout after the upstream acted): forget it,
    // its runs and records, and the pages of the sync list (its status and place there may have changed).
    ctx.loaders.forgetUnder(syncPaths.one({ syncId }));
    ctx.loaders.forgetPages(syncPaths.list());
  }
}
