import { CONNECTOR_TYPES, toGraphQLEnum, toUpstreamFilter } from '../enums';
import type { ConnectorResolvers, QueryResolvers } from '../generated/graphql';
import { encodeGlobalId } from '../globalId';
import { connectorResource, connectorsList } from '../resources/connector';
import { resolveList } from '../resources/list';
import { parseUpstreamId } from '../resources/upstreamId';

export const Connector: ConnectorResolvers = {
  id: (connector) => encodeGlobalId({ type: 'Connector', connectorId: connector.id }),
  databaseId: (connector) => connector.id,
  name: (connector) => connector.name,
  description: (connector) => connector.description ?? null,
  connectorType: (connector) => toGraphQLEnum(connector.connector_type, CONNECTOR_TYPES),
  connectorName: (connector) => connector.connector_name ?? null,
  icon: (connector) => connector.icon ?? null,
  workspaceId: (connector) => connector.workspace_id,
  // Only the full connector has its (masked) configuration: fetched when this field is selected.
  configuration: async (connector, _args, ctx) => {
    if (!connector.partial) return connector.configuration ?? null;
    const full = await ctx.loaders.load(connectorResource, { connectorId: connector.id });
    return full?.configuration ?? null;
  },
  createdAt: (connector) => connector.created_at,
  updatedAt: (connector) => connector.updated_at,
};

/** The root fields of schema/connector.graphql. */
export const connectorQueryFields: Pick<QueryResolvers, 'connectors' | 'connector'> = {
  connectors: (_root, args, ctx) => {
    const filters = {
      type: toUpstreamFilter(args.type, 'type'),
      category: toUpstreamFilter(args.category, 'category'),
      subCategory: toUpstreamFilter(args.subCategory, 'subCategory'),
    };
    return resolveList(ctx, connectorsList, null, filters, args);
  },
  connector: (_root, { databaseId }, ctx) =>
    ctx.loaders.load(connectorResource, { connectorId: parseUpstreamId(databaseId, 'Argument "databaseId"') }),
};
