/**
 * Model: `GET /api/v1/models/{id}`, listed by `GET /api/v1/models` with a comma-separated
 * `query_type` filter (docs/upstream-contract.md §1, §2.6). Syncs embed their model, used as it came.
 * A federation entity keyed by `id` or `databaseId`.
 */
import type { RequestLoaders } from '../loaders';
import type { WithId } from '../upstream/jsonApi';
import type { ConnectorAttributes } from './connector';
import { defineCollection } from './collection';
import { tagAs, type Tagged } from './resource';
import { isUpstreamId, type UpstreamId } from './upstreamId';

export interface ModelAttributes {
  id?: number;
  name: string;
  description: string | null;
  query: string | null;
  query_type: string;
  configuration: unknown;
  primary_key: string | null;
  created_at: string;
  updated_at: string;
  connector?: ConnectorAttributes | null;
}

export type ModelData = Tagged<WithId<ModelAttributes>>;
export type ModelKey = { modelId: UpstreamId };

const models = defineCollection<ModelAttributes, 'Model', 'modelId', { queryTypes: readonly string[] | undefined }>({
  typeName: 'Model',
  keyField: 'modelId',
  collection: 'models',
  // The upstream takes several query types as one comma-separated value.
  query: ({ queryTypes }) => ({ query_type: queryTypes?.join(',') }),
});

export const modelResource = models.resource;
/** `queryTypes`: upstream `query_type` values; undefined = every model. */
export const modelsList = models.list;

/** The model a sync embeds, used as it came (no request), or fetched by `id` when it was not embedded. */
export function embeddedModel(loaders: RequestLoaders, embedded: ModelAttributes | null | undefined, id: unknown): ModelData | Promise<ModelData | null> | null {
  if (embedded && typeof embedded === 'object') {
    const modelId = embedded.id ?? id;
    if (isUpstreamId(modelId)) return tagAs('Model', { ...embedded, id: modelId });
  }
  return isUpstreamId(id) ? loaders.load(modelResource, { modelId: id }) : null;
}
