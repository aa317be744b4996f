/**
 * `__resolveReference` of each entity, made for every resource module with `entityKeys`: the
 * representation is validated (the `_entities` guard has already done so for the whole list; this
 * repeats it for any other caller), then loaded through the request's DataLoaders like any other
 * field. So N representations cost at most one upstream request per distinct object, all sent
 * concurrently, and nothing at all for an object the request already holds.
 */
import type { GatewayContext } from '../context';
import { ENTITY_RESOURCES } from '../resources';
import { typeNameOf } from '../resources/resource';
import { loadRef } from '../resolvers/nodes';
import { parseRepresentation } from './representations';

type ReferenceResolver = (reference: unknown, ctx: GatewayContext) => Promise<object | null>;

/** `{ Sync: { __resolveReference }, SyncRun: { ... }, ... }` for @apollo/subgraph. */
export function createReferenceResolvers(): Record<string, { __resolveReference: ReferenceResolver }> {
  const resolvers: Record<string, { __resolveReference: ReferenceResolver }> = {};
  for (const resource of ENTITY_RESOURCES) {
    resolvers[resource.typeName] = {
      async __resolveReference(reference, ctx) {
        const ref = parseRepresentation(reference, 'representation');
        const found = await loadRef(ctx, ref);
        // Defensive: a loader only ever returns its own type, but an entity must never change type.
        return found && typeNameOf(found) === resource.typeName ? found : null;
      },
    };
  }
  return resolvers;
}
