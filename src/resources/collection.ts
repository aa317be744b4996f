/**
 * The common shape of the upstream's top-level collections (syncs, connectors, models): `GET
 * /api/v1/{collection}` lists them, most recently updated first, and `GET /api/v1/{collection}/{id}`
 * reads one. Such a resource is a federation entity keyed by `id` or `databaseId`, and its listed
 * items are whole objects, primed into its loader. A module with this shape describes only what
 * differs: its name, its key field, its filters.
 */
import type { WithId } from '../upstream/jsonApi';
import type { ListDefinition } from './list';
import { API, fetchSingle, type Resource, type Tagged } from './resource';
import type { UpstreamId } from './upstreamId';

interface CollectionSpec<Name extends string, Field extends string, Filters> {
  typeName: Name;
  /** The key's one field, e.g. `connectorId`. */
  keyField: Field;
  /** The path segment under /api/v1, e.g. `connectors`. */
  collection: string;
  /** The list's filters in the upstream's query spelling; undefined values are left out. */
  query(filters: Filters): Record<string, string | undefined>;
}

export interface Collection<Name extends string, Field extends string, Filters, A extends object> {
  resource: Resource<Name, Record<Field, UpstreamId>, Tagged<WithId<A>>>;
  list: ListDefinition<null, Filters, A & { updated_at: string }, Record<Field, UpstreamId>>;
  /** The path of one object. */
  pathOf(key: Record<Field, UpstreamId>): string;
}

export function defineCollection<A extends { updated_at: string }, Name extends string, Field extends string, Filters>(
  spec: CollectionSpec<Name, Field, Filters>,
): Collection<Name, Field, Filters, A> {
  const listPath = `${API}/${spec.collection}`;
  const pathOf = (key: Record<Field, UpstreamId>) => `${listPath}/${key[spec.keyField]}`;
  const resource: Resource<Name, Record<Field, UpstreamId>, Tagged<WithId<A>>> = {
    typeName: spec.typeName,
    keyFields: [spec.keyField],
    pathOf,
    fetch: (loaders, key) => fetchSingle<A>(loaders, spec.typeName, pathOf(key)),
    entityKeys: [{ databaseId: spec.keyField }],
  };
  const list: ListDefinition<null, Filters, A, Record<Field, UpstreamId>> = {
    resource,
    name: () => spec.collection,
    path: () => listPath,
    query: spec.query,
    order: 'desc',
    sortKey: (item) => item.updated_at,
    primeKey: (item) => ({ [spec.keyField]: item.id }) as Record<Field, UpstreamId>,
  };
  return { resource, list, pathOf };
}
