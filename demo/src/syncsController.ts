/** `GET /syncs`, `GET /syncs/{id}`, `PATCH|PUT /syncs/{id}/enable` (docs/upstream-contract.md §1, §2.2). */
import { authorize, requireWorkspace, type WorkspaceAccess } from './auth';
import { ok, type DemoResponse, type HandlerContext } from './context';
import { assertValid, checkBoolean, checkInteger, toBooleanValue } from './contracts';
import { recordNotFound, type ContractErrors } from './errors';
import { listResponse } from './listResponse';
import { rubyToInteger } from './rubyNumbers';
import { toSyncResource } from './serialize';
import type { DemoSync } from './types';

export function listSyncs(context: HandlerContext): DemoResponse {
  const errors: ContractErrors = {};
  checkInteger(errors, 'page', context.params.page, false);
  assertValid(errors);
  const access = requireWorkspace(context);
  authorize(access, 'sync', 'read');
  return listResponse(context.store.listSyncs(access.workspace.id), context, (sync) => toSyncResource(sync, context.store));
}

export function showSync(context: HandlerContext): DemoResponse {
  const errors: ContractErrors = {};
  checkInteger(errors, 'id', context.params.id, true);
  assertValid(errors);
  const access = requireWorkspace(context);
  const sync = findSync(context, access);
  authorize(access, 'sync', 'read');
  return ok({ data: toSyncResource(sync, context.store) });
}

/** `{"enable": false}` disables the sync; `{"enable": true}` moves a disabled sync back to pending. */
export function enableSync(context: HandlerContext): DemoResponse {
  const errors: ContractErrors = {};
  checkInteger(errors, 'id', context.params.id, true);
  checkBoolean(errors, 'enable', context.params.enable);
  assertValid(errors);
  const access = requireWorkspace(context);
  const sync = findSync(context, access);
  authorize(access, 'sync', 'update');
  const enable = toBooleanValue(context.params.enable);
  const status = enable ? (sync.status === 'disabled' ? 'pending' : sync.status) : 'disabled';
  // Like ActiveRecord, an update that changes nothing leaves updated_at alone.
  const updated = status === sync.status ? sync : context.store.updateSync(sync.id, { status });
  return ok({ data: toSyncResource(updated, context.store) });
}

/** `current_workspace.syncs.find(id)`: envelope D when missing or in another workspace. */
function findSync(context: HandlerContext, access: WorkspaceAccess): DemoSync {
  const rawId = String(context.params.id);
  const sync = context.store.getSync(rubyToInteger(rawId));
  if (!sync || sync.workspaceId !== access.workspace.id) throw recordNotFound('Sync', rawId.trim());
  return sync;
}
