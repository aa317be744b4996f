import { ErrorCode, gatewayError } from '../errors';
import type { QueryResolvers } from '../generated/graphql';
import { toUpstreamFilter } from '../enums';
import { connectorResource, connectorsList } from '../resources/connector';
import { resolveList } from '../resources/list';
import { modelResource, modelsList } from '../resources/model';
import { syncResource, syncsList } from '../resources/sync';
import { parseUpstreamId } from '../resources/upstreamId';
import { listWorkspaces } from '../resources/workspace';
import { loadNode, type NodeData } from './nodes';

/** Most ids one `nodes` call may ask for. */
const MAX_NODES = 100;
const DATABASE_ID = 'Argument "databaseId"';

export const Query: QueryResolvers = {
  syncs: (_root, args, ctx) => resolveList(ctx, syncsList, null, null, args),
  sync: (_root, { databaseId }, ctx) => ctx.loaders.load(syncResource, { syncId: parseUpstreamId(databaseId, DATABASE_ID) }),
  connectors: (_root, args, ctx) => {
    const filters = {
      type: toUpstreamFilter(args.type, 'type'),
      category: toUpstreamFilter(args.category, 'category'),
      subCategory: toUpstreamFilter(args.subCategory, 'subCategory'),
    };
    return resolveList(ctx, connectorsList, null, filters, args);
  },
  connector: (_root, { databaseId }, ctx) => ctx.loaders.load(connectorResource, { connectorId: parseUpstreamId(databaseId, DATABASE_ID) }),
  models: (_root, args, ctx) => resolveList(ctx, modelsList, null, { queryTypes: upstreamQueryTypes(args.queryTypes) }, args),
  model: (_root, { databaseId }, ctx) => ctx.loaders.load(modelResource, { modelId: parseUpstreamId(databaseId, DATABASE_ID) }),
  workspaces: (_root, _args, ctx) => listWorkspaces(ctx.loaders),
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
