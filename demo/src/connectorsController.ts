/**
 * `GET /connectors` (filters `type`, `category`, `sub_category`) and `GET /connectors/{id}`
 * (docs/upstream-contract.md §1, §2.5).
 */
import { authorize, requireWorkspace } from './auth';
import { ok, type DemoResponse, type HandlerContext } from './context';
import { assertValid, checkEnum, checkInteger } from './contracts';
import { badRequest, renderError, type ContractErrors } from './errors';
import { listResponse } from './listResponse';
import { castRecordId } from './rubyNumbers';
import { toConnectorResource } from './serialize';
import type { DemoConnector } from './types';

/**
 * The scopes the upstream reaches with `connectors.send(value.downcase)`. A name that is not a scope
 * raises NoMethodError inside the action, which the catch-all reports as a 400 (envelope C).
 */
const SCOPES: Readonly<Record<string, (connector: DemoConnector) => boolean>> = {
  source: (connector) => connector.connectorType === 'source',
  destination: (connector) => connector.connectorType === 'destination',
  data: (connector) => connector.category === 'data',
  ai_ml: (connector) => connector.category === 'ai_ml',
  llm: (connector) => connector.subCategory === 'llm',
  database: (connector) => connector.subCategory === 'database',
  web: (connector) => connector.subCategory === 'web',
  ai_ml_service: (connector) => connector.subCategory === 'ai_ml_service',
  vector: (connector) => connector.subCategory === 'vector',
};

function scope(name: string): (connector: DemoConnector) => boolean {
  const predicate = Object.prototype.hasOwnProperty.call(SCOPES, name) ? SCOPES[name] : undefined;
  if (!predicate) throw badRequest(`undefined method '${name}' for an instance of ActiveRecord::AssociationRelation`);
  return predicate;
}

export function listConnectors(context: HandlerContext): DemoResponse {
  const errors: ContractErrors = {};
  checkEnum(errors, 'type', context.params.type, ['source', 'destination'], 'invalid type', (text) => text.toLowerCase());
  assertValid(errors);
  const access = requireWorkspace(context);
  let connectors = context.store.listConnectors(access.workspace.id);
  authorize(access, 'connector', 'read');
  for (const key of ['type', 'category', 'sub_category']) {
    const value = context.query[key];
    if (value !== undefined) connectors = connectors.filter(scope(value.toLowerCase()));
  }
  // No page contract here: a non-numeric page is silently page 1.
  return listResponse(connectors, context, toConnectorResource);
}

export function showConnector(context: HandlerContext): DemoResponse {
  const errors: ContractErrors = {};
  checkInteger(errors, 'id', context.params.id, true);
  assertValid(errors);
  const access = requireWorkspace(context);
  const id = castRecordId(String(context.params.id));
  const connector = id === null ? undefined : context.store.getConnector(id);
  if (!connector || connector.workspaceId !== access.workspace.id) throw renderError(404, 'Connector not found');
  authorize(access, 'connector', 'read');
  return ok({ data: toConnectorResource(connector) });
}
