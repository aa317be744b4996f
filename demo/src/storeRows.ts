/**
 * The rows DemoStore's insert methods create: sensible defaults a test overrides with the attributes
 * it cares about, while ids and owners always come from the store.
 */
import type { DemoConnector, DemoModel, DemoSync, DemoSyncRecord, DemoSyncRun } from './types';

export type SyncAttributes = Partial<Omit<DemoSync, 'id' | 'workspaceId'>>;
export type SyncRunAttributes = Partial<Omit<DemoSyncRun, 'id' | 'syncId' | 'workspaceId'>>;
export type SyncRecordAttributes = Partial<Omit<DemoSyncRecord, 'id' | 'syncId' | 'syncRunId'>>;

/** A pending manual full-refresh sync of `model` into `destination`, created at `at`. */
export function newSyncRow(
  owner: { id: number; workspaceId: number; model: DemoModel; destination: DemoConnector; at: number },
  attrs: SyncAttributes,
): DemoSync {
  const { model, destination, at } = owner;
  return {
    name: `${model.name} (inserted)`,
    sourceId: model.connectorId,
    destinationId: destination.id,
    modelId: model.id,
    configuration: [{ from: 'email', to: 'email', mapping_type: 'standard' }],
    scheduleType: 'manual',
    syncMode: 'full_refresh',
    syncInterval: null,
    syncIntervalUnit: null,
    cronExpression: null,
    streamName: 'profile',
    status: 'pending',
    cursorField: null,
    currentCursorField: null,
    createdAt: at,
    updatedAt: at,
    discardedAt: null,
    ...attrs,
    id: owner.id,
    workspaceId: owner.workspaceId,
  };
}

/** A fresh `pending` general run of `sync`, created at `at`. */
export function newRunRow(owner: { id: number; sync: DemoSync; at: number }, attrs: SyncRunAttributes): DemoSyncRun {
  const { at } = owner;
  return {
    status: 'pending',
    syncRunType: 'general',
    startedAt: null,
    finishedAt: null,
    totalQueryRows: 0,
    totalRows: 0,
    skippedRows: 0,
    successfulRows: 0,
    failedRows: 0,
    error: null,
    createdAt: at,
    updatedAt: at,
    discardedAt: null,
    ...attrs,
    id: owner.id,
    syncId: owner.sync.id,
    workspaceId: owner.sync.workspaceId,
  };
}

/** A pending insert record of `run`, updated at `at`. */
export function newRecordRow(
  owner: { id: number; run: DemoSyncRun; createdAt: number; at: number },
  attrs: SyncRecordAttributes,
): DemoSyncRecord {
  const { id, run } = owner;
  return {
    record: { id, email: `inserted.${id}@example.com` },
    status: 'pending',
    action: 'destination_insert',
    logs: null,
    createdAt: owner.createdAt,
    updatedAt: owner.at,
    ...attrs,
    id,
    syncId: run.syncId,
    syncRunId: run.id,
  };
}

/**
 * A created_at that sorts a new record at `position` of a run's created_at-ordered list: between its
 * neighbours, equal to the previous one when they are 1 ms apart (the upstream has no tie-breaker
 * either), just before the first, or `at` (now) at the end.
 */
export function createdAtForPosition(list: readonly DemoSyncRecord[], position: number, at: number): number {
  const before = list[position - 1];
  const after = list[position];
  if (!after) return at;
  return before ? before.createdAt + Math.floor((after.createdAt - before.createdAt) / 2) : after.createdAt - 1;
}
