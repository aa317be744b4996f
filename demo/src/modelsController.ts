/** `GET /models` (`query_type` comma list) and `GET /models/{id}` (docs/upstream-contract.md §1, §2.6). */
import { authorize, requireWorkspace } from './auth';
import { ok, type DemoResponse, type HandlerContext } from './context';
import { assertValid, checkInteger } from './contracts';
import { recordNotFound, type ContractErrors } from './errors';
import { listResponse } from './listResponse';
import { rubyToInteger } from './rubyNumbers';
import { toModelResource } from './serialize';

export function listModels(context: HandlerContext): DemoResponse {
  const errors: ContractErrors = {};
  checkInteger(errors, 'page', context.params.page, false);
  assertValid(errors);
  const access = requireWorkspace(context);
  authorize(access, 'model', 'read');
  // Split on commas and matched exactly: an unknown type such as `data` simply matches nothing.
  const raw = context.query.query_type;
  const queryTypes = raw ? raw.split(',') : undefined;
  return listResponse(context.store.listModels(access.workspace.id, queryTypes), context, (model) =>
    toModelResource(model, context.store, context.build),
  );
}

export function showModel(context: HandlerContext): DemoResponse {
  const errors: ContractErrors = {};
  checkInteger(errors, 'id', context.params.id, true);
  assertValid(errors);
  const access = requireWorkspace(context);
  const rawId = String(context.params.id);
  const model = context.store.getModel(rubyToInteger(rawId));
  if (!model || model.workspaceId !== access.workspace.id) throw recordNotFound('Model', rawId.trim());
  authorize(access, 'model', 'read');
  return ok({ data: toModelResource(model, context.store, context.build) });
}
