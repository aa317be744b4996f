import { ErrorCode, gatewayError } from '../errors';
import { MODEL_QUERY_TYPES, toGraphQLEnum, toUpstreamFilter } from '../enums';
import type { ModelResolvers, QueryResolvers } from '../generated/graphql';
import { encodeGlobalId } from '../globalId';
import { embeddedConnector } from '../resources/connector';
import { resolveList } from '../resources/list';
import { modelResource, modelsList } from '../resources/model';
import { parseUpstreamId } from '../resources/upstreamId';
import { servedConfiguration } from '../secrets';

export const Model: ModelResolvers = {
  id: (model) => encodeGlobalId({ type: 'Model', modelId: model.id }),
  databaseId: (model) => model.id,
  name: (model) => model.name,
  description: (model) => model.description ?? null,
  query: (model) => model.query ?? null,
  queryType: (model) => toGraphQLEnum(model.query_type, MODEL_QUERY_TYPES),
  configuration: (model, _args, ctx) => servedConfiguration(model.configuration, ctx.maskSecrets),
  primaryKey: (model) => model.primary_key ?? null,
  connector: (model, _args, ctx) => embeddedConnector(ctx.loaders, model.connector, model.connector?.id),
  createdAt: (model) => model.created_at,
  updatedAt: (model) => model.updated_at,
};

/** The root fields of schema/model.graphql. */
export const modelQueryFields: Pick<QueryResolvers, 'models' | 'model'> = {
  models: (_root, args, ctx) => resolveList(ctx, modelsList, null, { queryTypes: upstreamQueryTypes(args.queryTypes) }, args),
  model: (_root, { databaseId }, ctx) => ctx.loaders.load(modelResource, { modelId: parseUpstreamId(databaseId, 'Argument "databaseId"') }),
};

/** `queryTypes` in the upstream's spelling, without repeats and sorted (the same set is the same filter). */
function upstreamQueryTypes(queryTypes: readonly string[] | null | undefined): string[] | undefined {
  if (queryTypes === null || queryTypes === undefined) return undefined;
  if (queryTypes.length === 0) {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, 'Argument "queryTypes" must hold at least one value; omit it to list every model.');
  }
  return [...new Set(queryTypes.map((queryType) => toUpstreamFilter(queryType, 'queryTypes') as string))].sort();
}
