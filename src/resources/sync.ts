/**
 * Sync: `GET /api/v1/syncs/{id}`, listed by `GET /api/v1/syncs`, newest `updated_at` first
 * (docs/upstream-contract.md §1, §2.2, §3.2). A federation entity keyed by `id` or `databaseId`.
 */
import type { WithId } from '../upstream/jsonApi';
import { defineCollection } from './collection';
import type { ConnectorAttributes } from './connector';
import type { ModelAttributes } from './model';
import { API, type Tagged } from './resource';
import type { UpstreamId } from './upstreamId';

export interface SyncAttributes {
  source_id: number;
  destination_id: number;
  model_id: number;
  configuration: unknown;
  schedule_type: string;
  sync_mode: string;
  sync_interval: number | null;
  sync_interval_unit: string | null;
  cron_expression: string | null;
  stream_name: string | null;
  status: string;
  cursor_field: string | null;
  current_cursor_field: string | null;
  updated_at: string;
  created_at: string;
  /** Not in the open-source serializer; an enterprise build may add it. */
  name?: string | null;
  source?: ConnectorAttributes | null;
  destination?: ConnectorAttributes | null;
  model?: ModelAttributes | null;
}

export type SyncData = Tagged<WithId<SyncAttributes>>;
export type SyncKey = { syncId: UpstreamId };

const syncs = defineCollection<SyncAttributes, 'Sync', 'syncId', null>({
  typeName: 'Sync',
  keyField: 'syncId',
  collection: 'syncs',
  query: () => ({}),
});

export const syncResource = syncs.resource;
/** The caller's syncs (the workspace's), most recently updated first. */
export const syncsList = syncs.list;

export const syncPaths = {
  list: () => `${API}/syncs`,
  one: syncs.pathOf,
  /** `PATCH` with `{ enable }`: switches the sync on or off and answers with it. */
  enable: (key: SyncKey) => `${syncs.pathOf(key)}/enable`,
  /** `POST` with `{ schedule_sync: { sync_id } }`: starts a run of a manual sync. */
  schedule: () => `${API}/schedule_syncs`,
  /** `DELETE`: cancels the active run of a manual sync. */
  scheduled: (key: SyncKey) => `${API}/schedule_syncs/${key.syncId}`,
};
