/**
 * SyncRecord: one row a run processed, listed under its run, oldest `created_at` first
 * (docs/upstream-contract.md §1, §2.4, §3.2). The upstream has no route for a single record, so one
 * record is found by reading its run's record list in large pages, from the first up to the one that
 * holds it: each page at most once per request, shared by every record of that run asked for.
 * Not a federation entity (no route of its own to resolve a reference with).
 */
import type { RequestLoaders } from '../loaders';
import { ErrorCode, isGatewayError } from '../errors';
import { listData, type WithId } from '../upstream/jsonApi';
import type { ListDefinition } from './list';
import { tagAs, type Resource, type Tagged } from './resource';
import { syncRunPaths, type SyncRunKey } from './syncRun';
import type { UpstreamId } from './upstreamId';

export interface SyncRecordLogs {
  request?: string | null;
  response?: string | null;
  level?: string | null;
}

export interface SyncRecordAttributes {
  sync_id: number;
  sync_run_id: number;
  record: unknown;
  status: string;
  action: string;
  logs?: SyncRecordLogs | null;
  /** The vendor docs claim an `error` string; the server sends `logs`. Accepted if it ever appears. */
  error?: string | null;
  created_at: string;
  updated_at: string;
}

export type SyncRecordData = Tagged<WithId<SyncRecordAttributes>>;
export type SyncRecordKey = SyncRunKey & { recordId: UpstreamId };

/**
 * Page size and page cap of the scan that looks a record up inside its run's list: the cap bounds what
 * one lookup can cost (20 requests, 10,000 records), and the cost estimate counts each run's scan at it.
 * Larger pages would take fewer requests, but risk the transport's response cap
 * (UPSTREAM_MAX_RESPONSE_BYTES, 10 MiB by default) when records are big.
 */
const RECORD_SCAN_PAGE_SIZE = 500;
const RECORD_SCAN_MAX_PAGES = 20;

const syncRecordPaths = {
  list: (run: SyncRunKey) => `${syncRunPaths.one(run)}/sync_records`,
  /** Not an upstream route: the record's cache key, under its run's list so that forgetting the run forgets it. */
  one: (key: SyncRecordKey) => `${syncRecordPaths.list(key)}/${key.recordId}`,
};

export const syncRecordResource: Resource<'SyncRecord', SyncRecordKey, SyncRecordData> = {
  typeName: 'SyncRecord',
  keyFields: ['syncId', 'runId', 'recordId'],
  pathOf: syncRecordPaths.one,
  async fetch(loaders, key) {
    try {
      return await findInRun(loaders, key);
    } catch (error) {
      if (isGatewayError(error, ErrorCode.NOT_FOUND)) return null;
      throw error;
    }
  },
  lookupCost: { requests: RECORD_SCAN_MAX_PAGES, sharedBy: syncRecordPaths.list },
};

/**
 * The record, read from its run's list page by page until a page holds it or the list ends. Each
 * scan page is read and indexed once per request, so lookups of records of one run (a `nodes` batch,
 * several fields) share the pages, and the scan goes no further than the furthest record asked for
 * (to the end, or the cap, for one that is not there).
 */
async function findInRun(loaders: RequestLoaders, key: SyncRecordKey): Promise<SyncRecordData | null> {
  const path = syncRecordPaths.list(key);
  for (let page = 1; page <= RECORD_SCAN_MAX_PAGES; page += 1) {
    const { byId, full } = await loaders.memo(`${path}#scan${page}`, async () =>
      indexPage(await loaders.page({ path, query: { page, per_page: RECORD_SCAN_PAGE_SIZE } })),
    );
    const record = byId.get(key.recordId);
    if (record) return record;
    if (!full) return null;
  }
  return null;
}

/** One scan page's records by id, and whether the page was full (so the list may go on). */
function indexPage(body: unknown): { byId: Map<number, SyncRecordData>; full: boolean } {
  const { items } = listData<SyncRecordAttributes>(body);
  return { byId: new Map(items.map((item) => [item.id, tagAs('SyncRecord', item)])), full: items.length >= RECORD_SCAN_PAGE_SIZE };
}

/** The records of one run; `status` in the upstream's spelling. Listed records are not primed. */
export const recordsOfRun: ListDefinition<SyncRunKey, { status: string | undefined }, SyncRecordAttributes, SyncRecordKey> = {
  resource: syncRecordResource,
  name: (run) => `syncs/${run.syncId}/runs/${run.runId}/records`,
  path: syncRecordPaths.list,
  query: ({ status }) => ({ status }),
  order: 'asc',
  sortKey: (record) => record.created_at,
};
