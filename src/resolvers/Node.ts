/**
 * Relay object identification (schema/relay.graphql): `node`, `nodes`, and the type of a node.
 */
import { ErrorCode, gatewayError } from '../errors';
import type { NodeResolvers, QueryResolvers } from '../generated/graphql';
import type { ResourceTypeName } from '../resources';
import { typeNameOf } from '../resources/resource';
import { loadNode, type NodeData } from './nodes';

/** Most ids one `nodes` call may ask for. */
const MAX_NODES = 100;

export const Node: NodeResolvers = {
  // Every object a resource module makes carries its type (src/resources/resource.ts): no guessing from attributes.
  __resolveType: (node) => typeNameOf(node) as ResourceTypeName,
};

export const nodeQueryFields: Pick<QueryResolvers, 'node' | 'nodes'> = {
  node: (_root, { id }, ctx) => loadNode(ctx, id),
  nodes: (_root, { ids }, ctx) => {
    if (ids.length > MAX_NODES) {
      throw gatewayError(ErrorCode.BAD_USER_INPUT, `Argument "ids" may hold at most ${MAX_NODES} ids, got ${ids.length}.`);
    }
    // One promise per slot: a bad or missing id fails (or nulls) only its own slot. graphql-js
    // accepts promises inside lists; codegen's types only lack `Promise<null>` there.
    return ids.map((id, index) => loadNode(ctx, id, `ids[${index}]`)) as unknown as Array<NodeData>;
  },
};
