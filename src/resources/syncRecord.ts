/**
 * SyncRecord: one row a run processed, listed under its run, oldest `created_at` first
 * (docs/upstream-contract.md §1, §2.4, §3.2). The upstream has no route for a single record, so one
 * record is found by reading its run's record list in large pages, once per run per request.
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

/** Page size and page cap used to look a record up inside its run's list. */
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
      return (await recordsOfRunById(loaders, key)).get(key.recordId) ?? null;
    } catch (error) {
      if (isGatewayError(error, ErrorCode.NOT_FOUND)) return null;
      throw error;
    }
  },
};

/** Every record of a run by id: read once per run per request, however many of its records are asked for. */
function recordsOfRunById(loaders: RequestLoaders, run: SyncRunKey): Promise<Map<number, SyncRecordData>> {
  const path = syncRecordPaths.list(run);
  return loaders.memo(`${path}#all`, async () => {
    const found = new Map<number, SyncRecordData>();
    for (let page = 1; page <= RECORD_SCAN_MAX_PAGES; page += 1) {
      const { items } = listData<SyncRecordAttributes>(await loaders.page({ path, query: { page, per_page: RECORD_SCAN_PAGE_SIZE } }));
      items.forEach((item) => found.set(item.id, tagAs('SyncRecord', item)));
      if (items.length < RECORD_SCAN_PAGE_SIZE) break;
    }
    return found;
  });
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
