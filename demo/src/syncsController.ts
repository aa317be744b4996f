/** `GET /syncs`, `GET /syncs/{id}`, `PATCH|PUT /syncs/{id}/enable` (docs/upstream-contract.md §1, §2.2). */
import { authorize, requireWorkspace, type WorkspaceAccess } from './auth';
import { ok, type DemoResponse, type HandlerContext } from './context';
import { assertValid, checkBoolean, checkInteger, toBooleanValue } from './contracts';
import { badRequest, recordNotFound, type ContractErrors } from './errors';
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
  return listResponse(context.store.listSyncs(access.workspace.id), context, (sync) => toSyncResource(sync, context.store, context.build));
}

export function showSync(context: HandlerContext): DemoResponse {
  const errors: ContractErrors = {};
  checkInteger(errors, 'id', context.params.id, true);
  assertValid(errors);
  const access = requireWorkspace(context);
  const sync = findSync(context, access);
  authorize(access, 'sync', 'read');
  return ok({ data: toSyncResource(sync, context.store, context.build) });
}

/**
 * `{"enable": true}` moves a disabled sync to pending; `{"enable": false}` disables any other. The sync's
 * state machine refuses anything else (enabling a sync that is not disabled, disabling one that is):
 * its whiny transition raises, and the action's rescue answers 400 in envelope C
 * (docs/upstream-contract.md §1). Not idempotent, like the real server.
 */
export function enableSync(context: HandlerContext): DemoResponse {
  const errors: ContractErrors = {};
  checkInteger(errors, 'id', context.params.id, true);
  checkBoolean(errors, 'enable', context.params.enable);
  assertValid(errors);
  const access = requireWorkspace(context);
  const sync = findSync(context, access);
  authorize(access, 'sync', 'update');
  const enable = toBooleanValue(context.params.enable);
  if ((sync.status === 'disabled') !== enable) {
    throw badRequest(`Event '${enable ? 'enable' : 'disable'}' cannot transition from '${sync.status}'`);
  }
  const updated = context.store.updateSync(sync.id, { status: enable ? 'pending' : 'disabled' });
  return ok({ data: toSyncResource(updated, context.store, context.build) });
}

/** `current_workspace.syncs.find(id)`: envelope D when missing or in another workspace. */
function findSync(context: HandlerContext, access: WorkspaceAccess): DemoSync {
  const rawId = String(context.params.id);
  const sync = context.store.getSync(rubyToInteger(rawId));
  if (!sync || sync.workspaceId !== access.workspace.id) throw recordNotFound('Sync', rawId.trim());
  return sync;
}
