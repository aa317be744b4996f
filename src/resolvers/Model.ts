import { MODEL_QUERY_TYPES, toGraphQLEnum } from '../enums';
import type { ModelResolvers } from '../generated/graphql';
import { encodeGlobalId } from '../globalId';
import { embeddedConnector } from '../resources/connector';

export const Model: ModelResolvers = {
  id: (model) => encodeGlobalId({ type: 'Model', modelId: model.id }),
  databaseId: (model) => model.id,
  name: (model) => model.name,
  description: (model) => model.description ?? null,
  query: (model) => model.query ?? null,
  queryType: (model) => toGraphQLEnum(model.query_type, MODEL_QUERY_TYPES),
  configuration: (model) => model.configuration ?? null,
  primaryKey: (model) => model.primary_key ?? null,
  connector: (model, _args, ctx) => embeddedConnector(ctx.loaders, model.connector, model.connector?.id),
  createdAt: (model) => model.created_at,
  updatedAt: (model) => model.updated_at,
};
