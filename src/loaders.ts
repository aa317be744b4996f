/**
 * Per-request DataLoaders, one per upstream resource. Created fresh for every GraphQL request (they
 * cache the caller's data), so nothing is ever shared between callers. The upstream has no batch
 * endpoints: a "batch" here is every distinct key asked for in one tick, fetched concurrently, each
 * key at most once per request. Lists prime the single-resource loaders with what they returned.
 */
import DataLoader from 'dataloader';
import { ErrorCode, isGatewayError } from './errors';
import type { CallScope, UpstreamCall, UpstreamClient } from './upstream/client';
import { upstreamPaths } from './upstream/paths';
import type {
  ConnectorAttributes,
  ConnectorData,
  ModelAttributes,
  ModelData,
  SyncAttributes,
  SyncData,
  SyncRecordAttributes,
  SyncRecordData,
  SyncRunAttributes,
  SyncRunData,
  WorkspaceAttributes,
  WorkspaceData,
} from './upstream/records';
import { listData, singleData } from './upstream/resources';

export interface RunKey {
  syncId: number;
  runId: number;
}

/** One upstream list page request: a list path plus its query (filters, page, per_page). */
export interface PageKey {
  path: string;
  query: Record<string, string | number>;
}

export interface RecordKey extends RunKey {
  recordId: number;
}

export interface Loaders {
  syncById: DataLoader<number, SyncData | null>;
  runByKey: DataLoader<RunKey, SyncRunData | null, string>;
  connectorById: DataLoader<number, ConnectorData | null>;
  modelById: DataLoader<number, ModelData | null>;
  /** Raw list pages, de-duplicated by path and query. */
  page: DataLoader<PageKey, unknown, string>;
  /**
   * A record by id. The upstream has no single-record route, so the run's record list is read in
   * large pages (once per run per request) until the record is found.
   */
  recordByKey: DataLoader<RecordKey, SyncRecordData | null, string>;
  /** The caller's workspaces (`GET /workspaces`, Authorization only), read at most once per request. */
  workspaces: () => Promise<WorkspaceData[]>;
  /**
   * Forgets everything this request has cached about one sync: the sync, its runs and their records,
   * and the pages of the sync list (its status and place there may have changed). Called after a write.
   */
  forgetSync: (syncId: number) => void;
}

/** Page size and page cap used to look a record up inside its run's list. */
const RECORD_SCAN_PAGE_SIZE = 500;
const RECORD_SCAN_MAX_PAGES = 20;

export function createLoaders(client: UpstreamClient, scope: CallScope): Loaders {
  const get = (path: string, query?: Record<string, string | number>) =>
    client.call<unknown>({ method: 'GET', path, query, needsWorkspace: true } satisfies UpstreamCall, scope);

  /** A single resource, or null when the upstream answers 404. */
  const getOrNull = async <A extends object>(path: string): Promise<(A & { id: number }) | null> => {
    try {
      return singleData<A>(await get(path));
    } catch (error) {
      if (isGatewayError(error, ErrorCode.NOT_FOUND)) return null;
      throw error;
    }
  };

  // Caches keyed by text (`syncId/...` or `path?query`), kept here so forgetSync can drop a sync's keys.
  const pageCache = new Map<string, Promise<unknown>>();
  const runCache = new Map<string, Promise<SyncRunData | null>>();
  const recordCache = new Map<string, Promise<SyncRecordData | null>>();
  const runRecordsCache = new Map<string, Promise<Map<number, SyncRecordData>>>();

  const page = new DataLoader<PageKey, unknown, string>((keys) => settleEach(keys, (key) => get(key.path, key.query)), {
    cacheKeyFn: pageCacheKey,
    cacheMap: pageCache,
  });

  /** Every record of a run (bounded scan), shared by all record lookups of the same run. */
  const runRecords = new DataLoader<RunKey, Map<number, SyncRecordData>, string>(
    (keys) =>
      settleEach(keys, async (key) => {
        const found = new Map<number, SyncRecordData>();
        const path = upstreamPaths.syncRecords(key.syncId, key.runId);
        for (let pageNumber = 1; pageNumber <= RECORD_SCAN_MAX_PAGES; pageNumber += 1) {
          const { items } = listData<SyncRecordAttributes>(await page.load({ path, query: { page: pageNumber, per_page: RECORD_SCAN_PAGE_SIZE } }));
          items.forEach((item) => found.set(item.id, item));
          if (items.length < RECORD_SCAN_PAGE_SIZE) break;
        }
        return found;
      }),
    { cacheKeyFn: (key) => `${key.syncId}/${key.runId}`, cacheMap: runRecordsCache },
  );

  const syncById = new DataLoader<number, SyncData | null>((ids) => settleEach(ids, (id) => getOrNull<SyncAttributes>(upstreamPaths.sync(id))));
  let workspaces: Promise<WorkspaceData[]> | undefined;

  return {
    syncById,
    runByKey: new DataLoader(
      (keys) => settleEach(keys, (key) => getOrNull<SyncRunAttributes>(upstreamPaths.syncRun(key.syncId, key.runId))),
      { cacheKeyFn: (key) => `${key.syncId}/${key.runId}`, cacheMap: runCache },
    ),
    connectorById: new DataLoader((ids) => settleEach(ids, (id) => getOrNull<ConnectorAttributes>(upstreamPaths.connector(id)))),
    modelById: new DataLoader((ids) => settleEach(ids, (id) => getOrNull<ModelAttributes>(upstreamPaths.model(id)))),
    page,
    recordByKey: new DataLoader(
      (keys) =>
        settleEach(keys, async (key) => {
          try {
            return (await runRecords.load({ syncId: key.syncId, runId: key.runId })).get(key.recordId) ?? null;
          } catch (error) {
            if (isGatewayError(error, ErrorCode.NOT_FOUND)) return null;
            throw error;
          }
        }),
      { cacheKeyFn: (key) => `${key.syncId}/${key.runId}/${key.recordId}`, cacheMap: recordCache },
    ),
    workspaces: () =>
      (workspaces ??= client
        .call<unknown>({ method: 'GET', path: upstreamPaths.workspaces(), needsWorkspace: false } satisfies UpstreamCall, scope)
        .then((body) => listData<WorkspaceAttributes>(body).items)),
    forgetSync: (syncId) => {
      syncById.clear(syncId);
      const ofSync = (key: string) => key.startsWith(`${syncId}/`);
      const syncListPage = `${upstreamPaths.syncs()}?`;
      const nestedPage = `${upstreamPaths.sync(syncId)}/`;
      deleteKeys(runCache, ofSync);
      deleteKeys(recordCache, ofSync);
      deleteKeys(runRecordsCache, ofSync);
      deleteKeys(pageCache, (key) => key.startsWith(syncListPage) || key.startsWith(nestedPage));
    },
  };
}

function deleteKeys(cache: Map<string, unknown>, matches: (key: string) => boolean): void {
  for (const key of [...cache.keys()]) if (matches(key)) cache.delete(key);
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
