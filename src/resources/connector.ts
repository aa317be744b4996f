/**
 * Connector: `GET /api/v1/connectors/{id}`, listed by `GET /api/v1/connectors` with the filters
 * `type`, `category` and `sub_category` (docs/upstream-contract.md §1, §2.5). Syncs and models embed
 * a summary of their connectors; a summary is used as it came and only a query selecting the
 * `configuration` (which summaries lack) pays for the full connector.
 * A federation entity keyed by `id` or `databaseId`.
 */
import type { RequestLoaders } from '../loaders';
import type { WithId } from '../upstream/jsonApi';
import { defineCollection } from './collection';
import { tagAs, type Tagged } from './resource';
import { isUpstreamId, type UpstreamId } from './upstreamId';

/** Connector summary embedded in a sync (`source`, `destination`), or a full connector (with configuration). */
export interface ConnectorAttributes {
  id?: number;
  name: string;
  description: string | null;
  connector_type: string;
  workspace_id: number;
  created_at: string;
  updated_at: string;
  connector_name: string | null;
  icon: string | null;
  configuration?: unknown;
}

/** `partial` marks a connector embedded in a sync or model: it lacks fields only the full resource has. */
export type ConnectorData = Tagged<WithId<ConnectorAttributes> & { partial?: boolean }>;
export type ConnectorKey = { connectorId: UpstreamId };

/** Connector filters in the upstream's spelling; undefined = no filter. */
export interface ConnectorFilters {
  type: string | undefined;
  category: string | undefined;
  subCategory: string | undefined;
}

const connectors = defineCollection<ConnectorAttributes & { partial?: boolean }, 'Connector', 'connectorId', ConnectorFilters>({
  typeName: 'Connector',
  keyField: 'connectorId',
  collection: 'connectors',
  query: (filters) => ({ type: filters.type, category: filters.category, sub_category: filters.subCategory }),
});

export const connectorResource = connectors.resource;
/** Listed connectors are full resources (with their masked configuration), so they prime the loader. */
export const connectorsList = connectors.list;

/**
 * The connector a sync or model embeds, used as it came (no request), or fetched by `id` when the
 * upstream did not embed it.
 */
export function embeddedConnector(
  loaders: RequestLoaders,
  embedded: ConnectorAttributes | null | undefined,
  id: unknown,
): ConnectorData | Promise<ConnectorData | null> | null {
  if (embedded && typeof embedded === 'object') {
    const connectorId = embedded.id ?? id;
    if (isUpstreamId(connectorId)) return tagAs('Connector', { ...embedded, id: connectorId, partial: !('configuration' in embedded) });
  }
  return isUpstreamId(id) ? loaders.load(connectorResource, { connectorId: id }) : null;
}
