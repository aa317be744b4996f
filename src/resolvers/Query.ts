import { ErrorCode, gatewayError } from '../errors';
import type { QueryResolvers } from '../generated/graphql';
import { toUpstreamFilter } from '../enums';
import { connectorList, modelList, syncList } from '../lists';
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
  connectors: (_root, args, ctx) => {
    const filters = {
      type: toUpstreamFilter(args.type, 'type'),
      category: toUpstreamFilter(args.category, 'category'),
      subCategory: toUpstreamFilter(args.subCategory, 'subCategory'),
    };
    return resolveConnection(connectorList(ctx, filters), args, ctx.pagination);
  },
  connector: (_root, { databaseId }, ctx) => {
    assertUpstreamId(databaseId, 'Argument "databaseId"');
    return ctx.loaders.connectorById.load(databaseId);
  },
  models: (_root, args, ctx) => resolveConnection(modelList(ctx, upstreamQueryTypes(args.queryTypes)), args, ctx.pagination),
  model: (_root, { databaseId }, ctx) => {
    assertUpstreamId(databaseId, 'Argument "databaseId"');
    return ctx.loaders.modelById.load(databaseId);
  },
  workspaces: (_root, _args, ctx) => ctx.loaders.workspaces(),
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

/** `queryTypes` in the upstream's spelling, without repeats and sorted (the same set is the same filter). */
function upstreamQueryTypes(queryTypes: readonly string[] | null | undefined): string[] | undefined {
  if (queryTypes === null || queryTypes === undefined) return undefined;
  if (queryTypes.length === 0) {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, 'Argument "queryTypes" must hold at least one value; omit it to list every model.');
  }
  return [...new Set(queryTypes.map((queryType) => toUpstreamFilter(queryType, 'queryTypes') as string))].sort();
}
