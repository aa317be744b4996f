/**
 * The request's loaders: every upstream read of one GraphQL request goes through here, so each
 * object and each list page is fetched at most once per request. Created fresh for every request
 * (they hold the caller's data), so nothing is ever shared between callers.
 *
 * The upstream has no batch endpoints: a DataLoader "batch" is every distinct key asked for in one
 * tick, fetched concurrently. Every cache entry, whichever loader made it, is keyed by the upstream
 * path it came from (a page adds its query string), in one map: forgetting a path after a write
 * forgets the object and everything nested under it.
 */
import DataLoader from 'dataloader';
import type { Resource, ResourceKey, SomeResource } from './resources/resource';
import type { CallScope, UpstreamClient } from './upstream/client';
import { pageOf, routeTemplateOf } from './observability/upstreamEvents';

/** One upstream list page request: a list path plus its query (filters, page, per_page). */
export interface PageKey {
  path: string;
  query: Record<string, string | number>;
}

export class RequestLoaders {
  private readonly cache = new Map<string, Promise<unknown>>();
  private readonly byResource = new Map<SomeResource, DataLoader<ResourceKey, object | null, string>>();
  private readonly pages: DataLoader<PageKey, unknown, string>;
  /** Cache keys whose read has finished (or was primed): tells observers `cached` from `deduplicated`. */
  private readonly finished = new Set<string>();

  constructor(
    private readonly client: UpstreamClient,
    private readonly scope: CallScope,
  ) {
    this.pages = new DataLoader((keys) => this.settleBatch('Page', keys, pageCacheKey, (key) => this.get(key.path, key.query)), {
      cacheKeyFn: pageCacheKey,
      cacheMap: this.cache,
    });
  }

  /** One object of `resource` by key, or null when it does not exist for the caller. */
  load<Key extends ResourceKey, Data extends object>(resource: Resource<string, Key, Data>, key: Key): Promise<Data | null> {
    if (this.scope.observers) this.noteServed(resource.pathOf(key), undefined);
    return this.loaderOf(resource).load(key) as Promise<Data | null>;
  }

  /** Records an object a list already returned, so loading it costs nothing. */
  prime<Key extends ResourceKey, Data extends object>(resource: Resource<string, Key, Data>, key: Key, data: Data): void {
    this.loaderOf(resource).prime(key, data);
    if (this.scope.observers) this.finished.add(resource.pathOf(key));
  }

  /** A raw list page, de-duplicated by path and query. */
  page(key: PageKey): Promise<unknown> {
    if (this.scope.observers) this.noteServed(pageCacheKey(key), key.query);
    return this.pages.load(key);
  }

  /**
   * A list page as `parse` reads it, parsed once per request however many fields read the page (a
   * prefetched page is read again by the connection it was fetched for).
   */
  parsedPage<T>(key: PageKey, parse: (body: unknown) => T): Promise<T> {
    return this.memo(`${pageCacheKey(key)}#parsed`, async () => parse(await this.page(key)));
  }

  /** Runs `compute` once per request for `cacheKey` (a path-like name), sharing its promise with every caller. */
  memo<T>(cacheKey: string, compute: () => Promise<T>): Promise<T> {
    let entry = this.cache.get(cacheKey) as Promise<T> | undefined;
    if (!entry) {
      entry = compute();
      this.cache.set(cacheKey, entry);
    }
    return entry;
  }

  /** An uncached GET for the caller. Every route but /workspaces is scoped by the Workspace-Id header. */
  get(path: string, query?: Record<string, string | number>, needsWorkspace = true): Promise<unknown> {
    return this.client.call<unknown>({ method: 'GET', path, query, needsWorkspace }, this.scope);
  }

  /** Forgets the object at `path` and everything cached under it (nested objects, their lists, memos). */
  forgetUnder(path: string): void {
    for (const key of [...this.cache.keys()]) {
      if (key === path || key.startsWith(`${path}/`) || key.startsWith(`${path}?`) || key.startsWith(`${path}#`)) this.cache.delete(key);
    }
  }

  /** Forgets the cached pages of the list at `path` (not the objects they primed). */
  forgetPages(path: string): void {
    for (const key of [...this.cache.keys()]) if (key.startsWith(`${path}?`)) this.cache.delete(key);
  }

  private loaderOf(resource: SomeResource): DataLoader<ResourceKey, object | null, string> {
    let loader = this.byResource.get(resource);
    if (!loader) {
      loader = new DataLoader((keys) => this.settleBatch(resource.typeName, keys, (key) => resource.pathOf(key), (key) => resource.fetch(this, key)), {
        cacheKeyFn: (key) => resource.pathOf(key),
        cacheMap: this.cache as Map<string, Promise<object | null>>,
      });
      this.byResource.set(resource, loader);
    }
    return loader;
  }

  /** A read about to be answered from the cache (a request in flight or done) is told to the observers. */
  private noteServed(cacheKey: string, query: PageKey['query'] | undefined): void {
    if (!this.cache.has(cacheKey)) return;
    const read = { route: routeTemplateOf(cacheKey), ...pageOf(query), how: this.finished.has(cacheKey) ? ('cached' as const) : ('deduplicated' as const) };
    for (const observer of this.scope.observers ?? []) observer.readServed?.(read);
  }

  /** One DataLoader batch: observers hear its size, and each key is marked finished when its fetch ends. */
  private settleBatch<K, V>(resource: string, keys: readonly K[], cacheKeyOf: (key: K) => string, fetchOne: (key: K) => Promise<V>): Promise<Array<V | Error>> {
    const observers = this.scope.observers;
    if (!observers) return settleEach(keys, fetchOne);
    for (const observer of observers) observer.batchDispatched?.(resource, keys.length);
    return settleEach(keys, (key) => fetchOne(key).finally(() => this.finished.add(cacheKeyOf(key))));
  }
}

function pageCacheKey(key: PageKey): string {
  const query = Object.keys(key.query)
    .sort()
    .map((name) => `${name}=${key.query[name]}`)
    .join('&');
  return `${key.path}?${query}`;
}

/**
 * Runs one fetch per key, all at once, and returns one slot per key in key order: the value, or the
 * Error for that key alone (DataLoader's batch contract).
 */
async function settleEach<K, V>(keys: readonly K[], fetchOne: (key: K) => Promise<V>): Promise<Array<V | Error>> {
  const results = await Promise.allSettled(keys.map((key) => fetchOne(key)));
  return results.map((result) => (result.status === 'fulfilled' ? result.value : toError(result.reason)));
}

function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
