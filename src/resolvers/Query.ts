import { ErrorCode, gatewayError } from '../errors';
import type { QueryResolvers } from '../generated/graphql';
import { syncList } from '../lists';
import { resolveConnection } from '../pagination/connection';
import { assertUpstreamId } from '../upstream/paths';
import { loadNode, type NodeData } from './nodes';

/** Most ids one `nodes` call may ask for. */
const MAX_NODES = 100;

export const Query: QueryResolvers = {
  syncs: (_root, args, ctx) => resolveConnection(syncList(ctx), args, ctx.pagination),
  sync: (_root, { databaseId }, ctx) => {
    assertUpstreamId(databaseId, 'Argument "databaseId"');
    return ctx.loaders.syncById.load(databaseId);
  },
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
