/**
 * The demo upstream's in-memory database. Read methods return the raw rows in the upstream's order
 * (docs/upstream-contract.md §3.2) so tests can compute expected pages; mutation methods let tests
 * change data between requests, each one stamping rows with the store clock as the real server's
 * `updated_at` would.
 */
import { createMonotonicClock, type MonotonicClock } from './clock';
import { createIdAllocator, type IdAllocator } from './ids';
import { applyRunStep, type RunStep } from './runProgress';
import { DEFAULT_SEED, generateDemoData } from './seed';
import { createdAtForPosition, newRecordRow, newRunRow, newSyncRow } from './storeRows';
import type { SyncAttributes, SyncRecordAttributes, SyncRunAttributes } from './storeRows';
import { indexDemoData, listIn, type StoreTables } from './storeTables';
import { ACTIVE_SYNC_RUN_STATUSES } from './types';
import type { DemoConnector, DemoData, DemoModel, DemoSync, DemoSyncRecord, DemoSyncRun, DemoUser, DemoWorkspace } from './types';
import type { SyncRecordStatus, SyncRunStatus } from './types';

export interface CreateDemoStoreOptions {
  /** Seed of the generated data (default DEFAULT_SEED). Same seed, same data. */
  seed?: number;
}

export function createDemoStore(options: CreateDemoStoreOptions = {}): DemoStore {
  return new DemoStore(generateDemoData(options.seed ?? DEFAULT_SEED));
}

/** Newest `updated_at` first; Array#sort is stable, so ties keep creation order (deterministic). */
const byUpdatedDesc = (a: { updatedAt: number }, b: { updatedAt: number }): number => b.updatedAt - a.updatedAt;

export class DemoStore {
  private readonly ids: IdAllocator = createIdAllocator();
  private readonly tables: StoreTables;
  private readonly clock: MonotonicClock;

  constructor(data: DemoData) {
    const { tables, latest } = indexDemoData(data, this.ids);
    this.tables = tables;
    this.clock = createMonotonicClock(latest);
  }

  /** The store clock: strictly increasing epoch milliseconds, later than every stored timestamp. */
  now(): number {
    return this.clock.now();
  }

  findUserByToken(token: string): DemoUser | undefined {
    return this.tables.usersByToken.get(token);
  }

  getWorkspace(id: number): DemoWorkspace | undefined {
    return this.tables.workspaces.get(id);
  }

  /** The user's workspaces, in membership order. */
  listWorkspacesOf(user: DemoUser): DemoWorkspace[] {
    return user.memberships.flatMap((membership) => this.tables.workspaces.get(membership.workspaceId) ?? []);
  }

  /** The workspace's connectors, `updated_at` descending. */
  listConnectors(workspaceId: number): DemoConnector[] {
    return [...this.tables.connectors.values()].filter((connector) => connector.workspaceId === workspaceId).sort(byUpdatedDesc);
  }

  getConnector(id: number): DemoConnector | undefined {
    return this.tables.connectors.get(id);
  }

  /** The workspace's models, `updated_at` descending, optionally only the given query types. */
  listModels(workspaceId: number, queryTypes?: readonly string[]): DemoModel[] {
    return [...this.tables.models.values()]
      .filter((model) => model.workspaceId === workspaceId && (!queryTypes || queryTypes.includes(model.queryType)))
      .sort(byUpdatedDesc);
  }

  getModel(id: number): DemoModel | undefined {
    return this.tables.models.get(id);
  }

  /** The workspace's syncs (discarded ones excluded), `updated_at` descending. */
  listSyncs(workspaceId: number): DemoSync[] {
    return [...this.tables.syncs.values()]
      .filter((sync) => sync.workspaceId === workspaceId && sync.discardedAt === null)
      .sort(byUpdatedDesc);
  }

  /** The sync, or undefined when unknown or discarded. */
  getSync(id: number): DemoSync | undefined {
    const sync = this.tables.syncs.get(id);
    return sync && sync.discardedAt === null ? sync : undefined;
  }

  /** Creates a sync in the workspace (defaults: a pending manual full-refresh sync of its first model). */
  insertSync(workspaceId: number, attrs: SyncAttributes = {}): DemoSync {
    if (!this.tables.workspaces.has(workspaceId)) throw new Error(`insertSync: unknown workspace ${workspaceId}`);
    const modelId = attrs.modelId;
    const model =
      modelId !== undefined
        ? this.tables.models.get(modelId)
        : [...this.tables.models.values()].find((candidate) => candidate.workspaceId === workspaceId);
    const destination = this.listConnectors(workspaceId).find((connector) => connector.connectorType === 'destination');
    if (!model || !destination) throw new Error(`insertSync: workspace ${workspaceId} has no model or destination`);
    const sync = newSyncRow({ id: this.ids.next('sync'), workspaceId, model, destination, at: this.now() }, attrs);
    this.tables.syncs.set(sync.id, sync);
    this.tables.runsBySync.set(sync.id, []);
    return sync;
  }

  /** Soft-deletes (discards) the sync and its runs, as the upstream's DELETE does. */
  removeSync(syncId: number): void {
    const sync = this.requireSync(syncId, 'removeSync');
    const at = this.now();
    sync.discardedAt = at;
    for (const run of this.runsOf(syncId)) if (run.discardedAt === null) this.discardRun(run, at);
  }

  /** Changes sync fields and bumps its `updated_at` (moving it to the top of the list). */
  updateSync(syncId: number, changes: SyncAttributes): DemoSync {
    const sync = this.requireSync(syncId, 'updateSync');
    Object.assign(sync, changes, { updatedAt: this.now() });
    return sync;
  }

  /** The sync's runs (discarded excluded), `updated_at` descending, optionally of one status. */
  listRuns(syncId: number, status?: SyncRunStatus): DemoSyncRun[] {
    return this.runsOf(syncId)
      .filter((run) => run.discardedAt === null && (status === undefined || run.status === status))
      .sort(byUpdatedDesc);
  }

  /** The run, or undefined when unknown or discarded. */
  getRun(id: number): DemoSyncRun | undefined {
    const run = this.tables.runs.get(id);
    return run && run.discardedAt === null ? run : undefined;
  }

  /** The sync's run in an active status (pending/started/querying/queued/in_progress), or undefined. */
  findActiveRun(syncId: number): DemoSyncRun | undefined {
    return this.listRuns(syncId).find((run) => ACTIVE_SYNC_RUN_STATUSES.includes(run.status));
  }

  /** Creates a run, by default a fresh `pending` general run created now (so it lists first). */
  insertRun(syncId: number, attrs: SyncRunAttributes = {}): DemoSyncRun {
    const sync = this.requireSync(syncId, 'insertRun');
    const run = newRunRow({ id: this.ids.next('run'), sync, at: this.now() }, attrs);
    this.tables.runs.set(run.id, run);
    this.runsOf(syncId).push(run);
    this.tables.recordsByRun.set(run.id, []);
    return run;
  }

  /** Discards the run: it disappears, and its records then belong to no run. */
  removeRun(runId: number): void {
    this.discardRun(this.requireRun(runId, 'removeRun'), this.now());
  }

  /** Bumps the run's `updated_at` to now, moving it to the top of its sync's run list. */
  touchRun(runId: number): DemoSyncRun {
    const run = this.requireRun(runId, 'touchRun');
    run.updatedAt = this.now();
    return run;
  }

  /** Changes run fields and bumps its `updated_at`. */
  updateRun(runId: number, changes: SyncRunAttributes): DemoSyncRun {
    const run = this.requireRun(runId, 'updateRun');
    Object.assign(run, changes, { updatedAt: this.now() });
    return run;
  }

  /** Moves the run one step along pending → in progress → success/failed (./runProgress.ts). */
  advanceRun(runId: number, step: RunStep): DemoSyncRun {
    return applyRunStep(this.requireRun(runId, 'advanceRun'), step, this.now());
  }

  /** The run's records, `created_at` ascending, optionally of one status. */
  listRecords(runId: number, status?: SyncRecordStatus): DemoSyncRecord[] {
    const list = this.tables.recordsByRun.get(runId) ?? [];
    return status === undefined ? [...list] : list.filter((record) => record.status === status);
  }

  getRecord(id: number): DemoSyncRecord | undefined {
    return this.tables.records.get(id);
  }

  /** Adds a record created now, so it sorts last in the run's created_at order. */
  insertRecord(runId: number, attrs: SyncRecordAttributes = {}): DemoSyncRecord {
    const list = this.recordsOf(this.requireRun(runId, 'insertRecord').id);
    return this.insertRecordAt(runId, list.length, attrs);
  }

  /**
   * Adds a record whose created_at sorts it at `index` of the run's full (unfiltered) record list:
   * between its neighbours' timestamps, or equal to the previous one when they are 1 ms apart (the
   * upstream has no tie-breaker either; the store keeps the inserted position).
   */
  insertRecordAt(runId: number, index: number, attrs: SyncRecordAttributes = {}): DemoSyncRecord {
    const run = this.requireRun(runId, 'insertRecordAt');
    const list = this.recordsOf(run.id);
    const position = Math.max(0, Math.min(Math.trunc(index), list.length));
    const at = this.now();
    const id = this.ids.next('record');
    const record = newRecordRow({ id, run, createdAt: createdAtForPosition(list, position, at), at }, attrs);
    this.tables.records.set(id, record);
    list.splice(position, 0, record);
    return record;
  }

  /** Deletes the record. */
  removeRecord(recordId: number): void {
    const record = this.tables.records.get(recordId);
    if (!record) throw new Error(`removeRecord: unknown record ${recordId}`);
    this.tables.records.delete(recordId);
    if (record.syncRunId !== null) {
      const list = this.recordsOf(record.syncRunId);
      list.splice(list.indexOf(record), 1);
    }
  }

  private runsOf(syncId: number): DemoSyncRun[] {
    return listIn(this.tables.runsBySync, syncId);
  }

  private recordsOf(runId: number): DemoSyncRecord[] {
    return listIn(this.tables.recordsByRun, runId);
  }

  private discardRun(run: DemoSyncRun, at: number): void {
    run.discardedAt = at;
    for (const record of this.tables.recordsByRun.get(run.id) ?? []) record.syncRunId = null;
    this.tables.recordsByRun.delete(run.id);
  }

  private requireSync(id: number, operation: string): DemoSync {
    const sync = this.getSync(id);
    if (!sync) throw new Error(`${operation}: unknown sync ${id}`);
    return sync;
  }

  private requireRun(id: number, operation: string): DemoSyncRun {
    const run = this.getRun(id);
    if (!run) throw new Error(`${operation}: unknown run ${id}`);
    return run;
  }
}
