import { CONNECTOR_TYPES, toGraphQLEnum, toUpstreamFilter } from '../enums';
import type { ConnectorResolvers, QueryResolvers } from '../generated/graphql';
import { encodeGlobalId } from '../globalId';
import { connectorResource, connectorsList } from '../resources/connector';
import { resolveList } from '../resources/list';
import { parseUpstreamId } from '../resources/upstreamId';
import { servedConfiguration } from '../secrets';

export const Connector: ConnectorResolvers = {
  id: (connector) => encodeGlobalId({ type: 'Connector', connectorId: connector.id }),
  databaseId: (connector) => connector.id,
  name: (connector) => connector.name,
  description: (connector) => connector.description ?? null,
  connectorType: (connector) => toGraphQLEnum(connector.connector_type, CONNECTOR_TYPES),
  connectorName: (connector) => connector.connector_name ?? null,
  icon: (connector) => connector.icon ?? null,
  iconUrl: (connector) => absoluteHttpUrl(connector.icon),
  workspaceId: (connector) => connector.workspace_id,
  // Only the full connector has its configuration: fetched when this field is selected. The upstream
  // masks its secrets already; masking again catches any key its connector definition did not mark.
  configuration: async (connector, _args, ctx) => {
    if (!connector.partial) return servedConfiguration(connector.configuration, ctx.maskSecrets);
    const full = await ctx.loaders.load(connectorResource, { connectorId: connector.id });
    return servedConfiguration(full?.configuration, ctx.maskSecrets);
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

/** `value` when it is an absolute http(s) URL (the only icons a browser should load), else null. */
function absoluteHttpUrl(value: unknown): string | null {
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value)) return null;
  try {
    return new URL(value).href;
  } catch {
    return null;
  }
}
