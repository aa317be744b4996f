/**
 * `GET /syncs/{sync_id}/sync_runs` and `GET /syncs/{sync_id}/sync_runs/{id}`
 * (docs/upstream-contract.md §1, §2.3).
 */
import { authorize, requireWorkspace, type WorkspaceAccess } from './auth';
import { ok, type DemoResponse, type HandlerContext } from './context';
import { assertValid, checkEnum, checkInteger } from './contracts';
import { renderError, type ContractErrors } from './errors';
import { listResponse } from './listResponse';
import { castRecordId } from './rubyNumbers';
import { toSyncRunResource } from './serialize';
import { SYNC_RUN_STATUSES, type DemoSync, type SyncRunStatus } from './types';

export function listSyncRuns(context: HandlerContext): DemoResponse {
  const errors: ContractErrors = {};
  checkInteger(errors, 'sync_id', context.params.sync_id, true);
  checkInteger(errors, 'page', context.params.page, false);
  // The status rule runs after the schema checks, so its message comes last.
  checkEnum(errors, 'status', context.params.status, SYNC_RUN_STATUSES, 'must be a valid status');
  assertValid(errors);
  const access = requireWorkspace(context);
  const sync = findSyncOrRenderError(context, access);
  authorize(access, 'sync_run', 'read');
  const status = context.query.status as SyncRunStatus | undefined;
  return listResponse(context.store.listRuns(sync.id, status), context, toSyncRunResource);
}

export function showSyncRun(context: HandlerContext): DemoResponse {
  const errors: ContractErrors = {};
  checkInteger(errors, 'sync_id', context.params.sync_id, true);
  checkInteger(errors, 'id', context.params.id, true);
  assertValid(errors);
  const access = requireWorkspace(context);
  const sync = findSyncOrRenderError(context, access);
  const id = castRecordId(String(context.params.id));
  const run = id === null ? undefined : context.store.getRun(id);
  if (!run || run.syncId !== sync.id) throw renderError(404, 'Sync Run not found');
  authorize(access, 'sync_run', 'read');
  return ok({ data: toSyncRunResource(run) });
}

/** `current_workspace.syncs.find_by(id: sync_id)`: envelope A "Sync not found" when missing. */
export function findSyncOrRenderError(context: HandlerContext, access: WorkspaceAccess): DemoSync {
  const id = castRecordId(String(context.params.sync_id ?? ''));
  const sync = id === null ? undefined : context.store.getSync(id);
  if (!sync || sync.workspaceId !== access.workspace.id) throw renderError(404, 'Sync not found');
  return sync;
}
