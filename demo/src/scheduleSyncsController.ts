/**
 * Manual trigger and cancel: `POST /schedule_syncs` and `DELETE /schedule_syncs/{sync_id}`. The checks
 * run in the upstream's order: sync exists (404), not disabled (424), manual schedule (424), policy
 * (403), then the active-run rule (424). Success bodies are plain `{ message }` objects
 * (docs/upstream-contract.md §1, §2.7, §4.2).
 */
import { authorize, requireWorkspace, type WorkspaceAccess } from './auth';
import { ok, type DemoResponse, type HandlerContext } from './context';
import { assertValid, checkInteger } from './contracts';
import { renderError, type ContractErrors } from './errors';
import { castRecordId } from './rubyNumbers';
import type { DemoSync } from './types';

export function scheduleSync(context: HandlerContext): DemoResponse {
  const errors: ContractErrors = {};
  const body = context.params.schedule_sync;
  if (body === undefined) errors.schedule_sync = ['is missing'];
  else if (typeof body !== 'object' || body === null || Array.isArray(body)) errors.schedule_sync = ['must be a hash'];
  else {
    const nested: ContractErrors = {};
    checkInteger(nested, 'sync_id', (body as Record<string, unknown>).sync_id, true);
    if (Object.keys(nested).length > 0) errors.schedule_sync = nested;
  }
  assertValid(errors);
  const access = requireWorkspace(context);
  const sync = findManualSync(context, access, (body as Record<string, unknown>).sync_id);
  authorize(access, 'sync', 'create');
  if (context.store.findActiveRun(sync.id)) throw renderError(424, 'Sync cannot be scheduled due to active sync run');
  // The server swallows a failure to start the workflow and answers success all the same (§2.7).
  if (!sync.workflowStartFails) context.store.insertRun(sync.id, { status: 'pending', syncRunType: 'general' });
  return ok({ message: 'Sync scheduled successfully' });
}

export function cancelSync(context: HandlerContext): DemoResponse {
  const access = requireWorkspace(context);
  const sync = findManualSync(context, access, context.params.sync_id);
  authorize(access, 'sync', 'delete');
  const run = context.store.findActiveRun(sync.id);
  if (!run) throw renderError(424, 'Sync cannot be cancelled due to no active sync run');
  const at = context.store.now();
  context.store.updateRun(run.id, { status: 'canceled', finishedAt: at });
  return ok({ message: 'Sync cancelled successfully' });
}

function findManualSync(context: HandlerContext, access: WorkspaceAccess, rawSyncId: unknown): DemoSync {
  const id = typeof rawSyncId === 'number' ? rawSyncId : castRecordId(String(rawSyncId ?? ''));
  const sync = id === null ? undefined : context.store.getSync(id);
  if (!sync || sync.workspaceId !== access.workspace.id) throw renderError(404, 'Sync not found');
  if (sync.status === 'disabled') throw renderError(424, 'Sync is disabled');
  if (sync.scheduleType !== 'manual') throw renderError(424, 'Sync Schedule type should be manual');
  return sync;
}
