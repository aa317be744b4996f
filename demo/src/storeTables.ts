/**
 * The DemoStore's tables: every row by id, plus the per-sync run lists and per-run record lists the
 * list endpoints read, built once from the seeded data.
 */
import type { IdAllocator } from './ids';
import type { DemoConnector, DemoData, DemoModel, DemoSync, DemoSyncRecord, DemoSyncRun, DemoUser, DemoWorkspace } from './types';

export interface StoreTables {
  workspaces: Map<number, DemoWorkspace>;
  usersByToken: Map<string, DemoUser>;
  connectors: Map<number, DemoConnector>;
  models: Map<number, DemoModel>;
  syncs: Map<number, DemoSync>;
  runs: Map<number, DemoSyncRun>;
  runsBySync: Map<number, DemoSyncRun[]>;
  records: Map<number, DemoSyncRecord>;
  /** Each run's records, kept in created_at ascending order. */
  recordsByRun: Map<number, DemoSyncRecord[]>;
}

/**
 * Indexes the seeded rows and reserves their ids in `ids`, so rows inserted later get fresh ids.
 * `latest` is the newest timestamp seen: the store clock starts after it.
 */
export function indexDemoData(data: DemoData, ids: IdAllocator): { tables: StoreTables; latest: number } {
  const tables: StoreTables = {
    workspaces: new Map(data.workspaces.map((workspace) => [workspace.id, workspace])),
    usersByToken: new Map(data.users.map((user) => [user.token, user])),
    connectors: new Map(data.connectors.map((connector) => [connector.id, connector])),
    models: new Map(data.models.map((model) => [model.id, model])),
    syncs: new Map(data.syncs.map((sync) => [sync.id, sync])),
    runs: new Map(data.runs.map((run) => [run.id, run])),
    runsBySync: new Map(data.syncs.map((sync) => [sync.id, []])),
    records: new Map(data.records.map((record) => [record.id, record])),
    recordsByRun: new Map(data.runs.map((run) => [run.id, []])),
  };
  for (const run of data.runs) listIn(tables.runsBySync, run.syncId).push(run);
  for (const record of data.records) {
    if (record.syncRunId !== null) listIn(tables.recordsByRun, record.syncRunId).push(record);
  }
  for (const list of tables.recordsByRun.values()) list.sort((a, b) => a.createdAt - b.createdAt);

  for (const connector of data.connectors) ids.reserve('connector', connector.id);
  for (const model of data.models) ids.reserve('model', model.id);
  for (const sync of data.syncs) ids.reserve('sync', sync.id);
  for (const run of data.runs) ids.reserve('run', run.id);
  for (const record of data.records) ids.reserve('record', record.id);

  const rows = [data.workspaces, data.connectors, data.models, data.syncs, data.runs, data.records];
  let latest = 0;
  for (const table of rows) for (const row of table) latest = Math.max(latest, row.createdAt, row.updatedAt);
  return { tables, latest };
}

/** The list under `key`, created empty when missing. */
export function listIn<T>(lists: Map<number, T[]>, key: number): T[] {
  let list = lists.get(key);
  if (!list) lists.set(key, (list = []));
  return list;
}
