/**
 * What a resource module tells the rest of the gateway about one upstream resource (a Sync, a
 * SyncRun, ...). Loaders, global ids, `node`/`nodes`, federation entity references and GraphQL type
 * resolution are all derived from these descriptions (see ./index.ts), so adding a resource means
 * writing one module like ./sync.ts and registering it: no switch statement elsewhere learns about it.
 */
import type { RequestLoaders } from '../loaders';
import { ErrorCode, isGatewayError } from '../errors';
import { singleData, type WithId } from '../upstream/jsonApi';
import type { UpstreamId } from './upstreamId';

/** Every upstream route lives under this prefix (docs/upstream-contract.md §1). */
export const API = '/api/v1';

/** The upstream ids that name one object, e.g. `{ syncId, runId }` for a run (runs live under their sync). */
export type ResourceKey = Record<string, UpstreamId>;

/**
 * Where each resource's data carries its GraphQL type name. The upstream's payloads lose their JSON:API
 * `type` once unwrapped, so every object a resource module makes is tagged here, and `Node`'s
 * `__resolveType` and the entity resolvers read the tag instead of guessing from attributes.
 */
export const TYPE_TAG: unique symbol = Symbol('graphqlTypeName');

export type Tagged<T> = T & { [TYPE_TAG]?: string };

export interface Resource<Name extends string, Key extends ResourceKey, Data extends object> {
  /** The GraphQL type name: also the global id's type and the data's type tag. */
  readonly typeName: Name;
  /**
   * The key's fields in global-id order: `['syncId', 'runId']` makes a run's id `SyncRun:<sync>:<run>`.
   * (Typed as plain strings: `keyof Key` here would make every resource unassignable to `SomeResource`;
   * test/unit/resources.test.ts checks them against each module's key instead.)
   */
  readonly keyFields: readonly string[];
  /**
   * The object's upstream path (or, for a resource without a route of its own, a path-like name under
   * its parent's). It is the object's cache key in the request's loaders, so forgetting a path forgets
   * everything nested under it.
   */
  pathOf(key: Key): string;
  /** Reads one object for the caller (once per key per request, through the loaders); null when it does not exist. */
  fetch(loaders: RequestLoaders, key: Key): Promise<Data | null>;
  /**
   * Federation `@key`s besides `id`, each as representation field -> key field; must match the SDL's
   * `@key` directives (test/unit/resources.test.ts checks). Absent: not a federation entity.
   */
  readonly entityKeys?: ReadonlyArray<Readonly<Record<string, string>>>;
  /** What reading one object by key costs upstream, for the cost estimate. Absent: one request per distinct `pathOf`. */
  readonly lookupCost?: LookupCost<Key>;
}

/**
 * The upstream requests `fetch` makes for one key, at most, as the cost estimate of `node`, `nodes`
 * and `_entities` counts them (src/limits/lookupCost.ts): `requests`, once per GraphQL request for
 * all the keys `sharedBy` maps to the same name (the request's loaders read those once), e.g. every
 * record of one run is found by one scan of that run's records.
 */
export interface LookupCost<Key> {
  readonly requests: number;
  sharedBy(key: Key): string;
}

/** Any registered resource, whatever its key and data types. */
export type SomeResource = Resource<string, ResourceKey, object>;

export type KeyOf<R> = R extends Resource<string, infer K, object> ? K : never;
export type DataOf<R> = R extends Resource<string, ResourceKey, infer D> ? D : never;

/** Marks `data` as an object of GraphQL type `typeName` (mutates and returns it). */
export function tagAs<T extends object>(typeName: string, data: T): Tagged<T> {
  // A plain assignment (not defineProperty, which is several times slower on this hot path): a symbol
  // key never reaches JSON and is not a GraphQL field.
  (data as { [TYPE_TAG]?: string })[TYPE_TAG] = typeName;
  return data;
}

/** The GraphQL type name a resource module tagged `data` with. */
export function typeNameOf(data: object): string {
  const name = (data as Tagged<object>)[TYPE_TAG];
  if (typeof name !== 'string') throw new Error('An object reached the schema without the type tag of its resource module.');
  return name;
}

/** A single resource by path, tagged, or null when the upstream answers 404. */
export async function fetchSingle<A extends object>(loaders: RequestLoaders, typeName: string, path: string): Promise<Tagged<WithId<A>> | null> {
  try {
    return tagAs(typeName, singleData<A>(await loaders.get(path)));
  } catch (error) {
    if (isGatewayError(error, ErrorCode.NOT_FOUND)) return null;
    throw error;
  }
}
