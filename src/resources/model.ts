/**
 * Model: `GET /api/v1/models/{id}`, listed by `GET /api/v1/models` with a comma-separated
 * `query_type` filter (docs/upstream-contract.md §1, §2.6). Syncs embed their model, used as it came.
 * A federation entity keyed by `id` or `databaseId`.
 */
import type { RequestLoaders } from '../loaders';
import type { WithId } from '../upstream/jsonApi';
import type { ConnectorAttributes } from './connector';
import type { ListDefinition } from './list';
import { API, fetchSingle, tagAs, type Resource, type Tagged } from './resource';
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

const modelPaths = {
  list: () => `${API}/models`,
  one: (key: ModelKey) => `${API}/models/${key.modelId}`,
};

export const modelResource: Resource<'Model', ModelKey, ModelData> = {
  typeName: 'Model',
  keyFields: ['modelId'],
  pathOf: modelPaths.one,
  fetch: (loaders, key) => fetchSingle<ModelAttributes>(loaders, 'Model', modelPaths.one(key)),
  entityKeys: [{ databaseId: 'modelId' }],
};

/** `queryTypes`: upstream `query_type` values, sent as one comma-separated filter; undefined = every model. */
export const modelsList: ListDefinition<null, { queryTypes: readonly string[] | undefined }, ModelAttributes, ModelKey> = {
  resource: modelResource,
  name: () => 'models',
  path: modelPaths.list,
  query: ({ queryTypes }) => ({ query_type: queryTypes?.join(',') }),
  order: 'desc',
  sortKey: (model) => model.updated_at,
  primeKey: (model) => ({ modelId: model.id }),
};

/** The model a sync embeds, used as it came (no request), or fetched by `id` when it was not embedded. */
export function embeddedModel(loaders: RequestLoaders, embedded: ModelAttributes | null | undefined, id: unknown): ModelData | Promise<ModelData | null> | null {
  if (embedded && typeof embedded === 'object') {
    const modelId = embedded.id ?? id;
    if (isUpstreamId(modelId)) return tagAs('Model', { ...embedded, id: modelId });
  }
  return isUpstreamId(id) ? loaders.load(modelResource, { modelId: id }) : null;
}
