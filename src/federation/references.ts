/**
 * `__resolveReference` of each entity: the representation is validated (the `_entities` guard has
 * already done so for the whole list; this repeats it for any other caller), then loaded through the
 * request's DataLoaders like any other field. So N representations cost at most one upstream request
 * per distinct object, all sent concurrently, and nothing at all for an object the request already holds.
 */
import type { GatewayContext } from '../context';
import type { ConnectorResolvers, ModelResolvers, SyncResolvers, SyncRunResolvers } from '../generated/graphql';
import { loadRef, nodeTypeName, type NodeData } from '../resolvers/nodes';
import type { ConnectorData, ModelData, SyncData, SyncRunData } from '../upstream/records';
import { parseRepresentation, type EntityTypeName } from './representations';

async function resolveEntity<T extends NodeData>(reference: unknown, ctx: GatewayContext, typename: EntityTypeName): Promise<T | null> {
  const ref = parseRepresentation(reference, 'representation');
  const found = await loadRef(ctx, ref);
  // Defensive: a loader only ever returns the type it is for, but an entity must never change type.
  return found && nodeTypeName(found) === typename ? (found as T) : null;
}

export interface ReferenceResolvers {
  Sync: Required<Pick<SyncResolvers, '__resolveReference'>>;
  SyncRun: Required<Pick<SyncRunResolvers, '__resolveReference'>>;
  Connector: Required<Pick<ConnectorResolvers, '__resolveReference'>>;
  Model: Required<Pick<ModelResolvers, '__resolveReference'>>;
}

export const referenceResolvers: ReferenceResolvers = {
  Sync: { __resolveReference: (reference, ctx) => resolveEntity<SyncData>(reference, ctx, 'Sync') },
  SyncRun: { __resolveReference: (reference, ctx) => resolveEntity<SyncRunData>(reference, ctx, 'SyncRun') },
  Connector: { __resolveReference: (reference, ctx) => resolveEntity<ConnectorData>(reference, ctx, 'Connector') },
  Model: { __resolveReference: (reference, ctx) => resolveEntity<ModelData>(reference, ctx, 'Model') },
};
