import { SYNC_RECORD_ACTIONS, SYNC_RECORD_STATUSES, toGraphQLEnum } from '../enums';
import type { SyncRecordResolvers } from '../generated/graphql';
import { encodeGlobalId } from '../globalId';
import { syncResource } from '../resources/sync';
import { syncRunResource } from '../resources/syncRun';
import { upstreamIdFrom } from '../resources/upstreamId';
import { jsonText } from './jsonText';

export const SyncRecord: SyncRecordResolvers = {
  id: (record) => encodeGlobalId({ type: 'SyncRecord', syncId: record.sync_id, runId: record.sync_run_id, recordId: record.id }),
  databaseId: (record) => record.id,
  syncDatabaseId: (record) => record.sync_id,
  syncRunDatabaseId: (record) => record.sync_run_id,
  record: (record) => record.record ?? null,
  status: (record) => toGraphQLEnum(record.status, SYNC_RECORD_STATUSES),
  action: (record) => toGraphQLEnum(record.action, SYNC_RECORD_ACTIONS),
  logs: (record) => {
    if (record.logs && typeof record.logs === 'object') {
      return { request: text(record.logs.request), response: text(record.logs.response), level: text(record.logs.level) };
    }
    // The vendor docs describe an `error` string instead of `logs`; accept it if an API sends one.
    if (typeof record.error === 'string') return { request: null, response: record.error, level: 'error' };
    return null;
  },
  createdAt: (record) => record.created_at,
  updatedAt: (record) => record.updated_at,
  syncRun: (record, _args, ctx) =>
    ctx.loaders.load(syncRunResource, { syncId: upstreamIdFrom(record.sync_id), runId: upstreamIdFrom(record.sync_run_id) }),
  sync: (record, _args, ctx) => ctx.loaders.load(syncResource, { syncId: upstreamIdFrom(record.sync_id) }),
};

/** Log fields are strings upstream; anything else is shown as its JSON text. */
function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : jsonText(value);
}
