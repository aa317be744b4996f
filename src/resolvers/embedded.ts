/**
 * Connectors and models embedded in a sync (or a model) are used as they came, without another
 * request. A connector embedded in a sync lacks `configuration`; it is marked partial so that only a
 * query selecting that field pays for fetching the full connector.
 */
import type { GatewayContext } from '../context';
import type { ConnectorAttributes, ConnectorData, ModelAttributes, ModelData } from '../upstream/records';

export function embeddedConnector(
  embedded: ConnectorAttributes | null | undefined,
  id: number | undefined,
  ctx: GatewayContext,
): ConnectorData | Promise<ConnectorData | null> | null {
  if (embedded && typeof embedded === 'object') {
    const connectorId = embedded.id ?? id;
    if (typeof connectorId === 'number') return { ...embedded, id: connectorId, partial: !('configuration' in embedded) };
  }
  return typeof id === 'number' ? ctx.loaders.connectorById.load(id) : null;
}

export function embeddedModel(embedded: ModelAttributes | null | undefined, id: number | undefined, ctx: GatewayContext): ModelData | Promise<ModelData | null> | null {
  if (embedded && typeof embedded === 'object') {
    const modelId = embedded.id ?? id;
    if (typeof modelId === 'number') return { ...embedded, id: modelId };
  }
  return typeof id === 'number' ? ctx.loaders.modelById.load(id) : null;
}
