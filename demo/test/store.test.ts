import { createDemoStore, DemoStore } from '../src/store';
import { DEFAULT_SEED, generateDemoData, SEED_ANCHOR } from '../src/seed';
import {
  ACTIVE_SYNC_RUN_STATUSES,
  MODEL_QUERY_TYPES,
  SYNC_RECORD_STATUSES,
  SYNC_RUN_STATUSES,
  SYNC_STATUSES,
  type DemoData,
} from '../src/types';

const data: DemoData = generateDemoData();
const inWorkspace = (workspaceId: number) => ({
  syncs: data.syncs.filter((sync) => sync.workspaceId === workspaceId),
  runs: data.runs.filter((run) => run.workspaceId === workspaceId),
  connectors: data.connectors.filter((connector) => connector.workspaceId === workspaceId),
  models: data.models.filter((model) => model.workspaceId === workspaceId),
});

describe('seed generation', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    // Compared as JSON text: a deep toEqual over thousands of rows is needlessly slow.
    expect(JSON.stringify(generateDemoData(DEFAULT_SEED))).toBe(JSON.stringify(data));
    const other = generateDemoData(7);
    expect(other.records.length).not.toBe(data.records.length);
    // Fixed scenarios keep their ids and roles whatever the seed.
    expect(other.syncs.slice(0, 17).map((sync) => [sync.id, sync.status, sync.scheduleType])).toEqual(
      data.syncs.slice(0, 17).map((sync) => [sync.id, sync.status, sync.scheduleType]),
    );
  });

  it('seeds 36, 14 and 6 syncs with disjoint, globally unique ids', () => {
    expect([1, 2, 3].map((id) => inWorkspace(id).syncs.length)).toEqual([36, 14, 6]);
    expect(inWorkspace(1).syncs.map((sync) => sync.id)).toEqual(Array.from({ length: 36 }, (_, index) => index + 1));
    for (const rows of [data.syncs, data.runs, data.records, data.connectors, data.models]) {
      const ids = rows.map((row) => row.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('covers every enum value the gateway maps', () => {
    const ws1 = inWorkspace(1);
    expect(new Set(ws1.syncs.map((sync) => sync.status))).toEqual(new Set(SYNC_STATUSES));
    expect(new Set(ws1.syncs.map((sync) => sync.scheduleType))).toEqual(new Set(['manual', 'interval', 'cron_expression']));
    expect(new Set(ws1.syncs.map((sync) => sync.syncIntervalUnit).filter(Boolean))).toEqual(
      new Set(['minutes', 'hours', 'days', 'weeks']),
    );
    expect(new Set(ws1.syncs.map((sync) => sync.syncMode))).toEqual(new Set(['full_refresh', 'incremental']));
    expect(new Set(ws1.syncs.map((sync) => Array.isArray(sync.configuration)))).toEqual(new Set([true, false]));
    expect(new Set(ws1.runs.map((run) => run.status))).toEqual(new Set(SYNC_RUN_STATUSES));
    expect(new Set(ws1.runs.map((run) => run.syncRunType))).toEqual(new Set(['general', 'test']));
    expect(new Set(data.records.map((record) => record.status))).toEqual(new Set(SYNC_RECORD_STATUSES));
    expect(new Set(data.records.map((record) => record.action))).toEqual(new Set(['destination_insert', 'destination_update']));
    expect(new Set(ws1.models.map((model) => model.queryType))).toEqual(new Set(MODEL_QUERY_TYPES));
    expect(new Set(ws1.connectors.map((connector) => connector.subCategory))).toEqual(
      new Set(['llm', 'database', 'web', 'ai_ml_service', 'vector']),
    );
    expect(new Set(ws1.connectors.map((connector) => `${connector.connectorType}/${connector.category}`))).toEqual(
      new Set(['source/data', 'source/ai_ml', 'destination/data', 'destination/ai_ml']),
    );
  });

  it('nulls the schedule fields a schedule type does not use', () => {
    for (const sync of data.syncs) {
      if (sync.scheduleType !== 'interval') expect([sync.syncInterval, sync.syncIntervalUnit]).toEqual([null, null]);
      else expect(sync.syncInterval).toBeGreaterThan(0);
      expect(sync.cronExpression === null).toBe(sync.scheduleType !== 'cron_expression');
    }
  });

  it('keeps runs consistent with their records', () => {
    const store = new DemoStore(generateDemoData());
    // Violations are collected and asserted once: thousands of individual expects would be slow.
    const problems: string[] = [];
    const check = (condition: boolean, problem: string) => {
      if (!condition) problems.push(problem);
    };
    for (const run of data.runs) {
      const records = store.listRecords(run.id);
      const count = (status: string) => records.filter((record) => record.status === status).length;
      if (run.status === 'success' || run.status === 'failed') {
        check(run.totalRows === records.length, `run ${run.id} total_rows`);
        check(run.successfulRows === count('success'), `run ${run.id} successful_rows`);
        check(run.failedRows === count('failed'), `run ${run.id} failed_rows`);
        check(run.finishedAt !== null && run.startedAt !== null, `run ${run.id} finished without times`);
      }
      if (ACTIVE_SYNC_RUN_STATUSES.includes(run.status) || run.status === 'paused') {
        check(run.finishedAt === null && run.totalRows + run.successfulRows + run.failedRows === 0, `run ${run.id} active but finished`);
        // Only the newest run of a sync may still be running.
        check(store.listRuns(run.syncId)[0]?.id === run.id, `run ${run.id} active but not newest`);
      }
      check(Math.max(run.createdAt, run.updatedAt, run.finishedAt ?? 0) < SEED_ANCHOR, `run ${run.id} in the future`);
      let previous = -Infinity;
      for (const record of records) {
        check(record.createdAt >= previous, `record ${record.id} out of created_at order`);
        previous = record.createdAt;
        // Pending records have no logs; failed ones have none either when their sync loads in batches (sync 5).
        const batch = record.syncId === 5;
        check((record.logs === null) === (record.status === 'pending' || (batch && record.status === 'failed')), `record ${record.id} logs vs status`);
        if (record.logs) {
          check(record.logs.level === (record.status === 'failed' ? 'error' : 'info'), `record ${record.id} log level`);
          JSON.parse(record.logs.request);
          JSON.parse(record.logs.response);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('has runs with hundreds of records', () => {
    const store = new DemoStore(generateDemoData());
    expect(store.listRecords(1025)).toHaveLength(420);
    const big = data.runs.filter((run) => store.listRecords(run.id).length >= 250).map((run) => [run.syncId, run.id]);
    expect(big).toEqual([[1, 1025], [6, 1093], [10, 1125], [37, 1481], [51, 1625]]);
  });
});

describe('DemoStore reads', () => {
  const store = createDemoStore();

  it('orders syncs and runs by updated_at descending and records by created_at ascending', () => {
    const syncs = store.listSyncs(1);
    expect(syncs.map((sync) => sync.updatedAt)).toEqual(syncs.map((sync) => sync.updatedAt).sort((a, b) => b - a));
    const runs = store.listRuns(1);
    expect(runs).toHaveLength(25);
    expect(runs.map((run) => run.updatedAt)).toEqual(runs.map((run) => run.updatedAt).sort((a, b) => b - a));
    expect(store.listRuns(1, 'success').every((run) => run.status === 'success')).toBe(true);
    expect(store.listRecords(1025, 'failed').every((record) => record.status === 'failed')).toBe(true);
  });

  it('knows the active run of a sync', () => {
    expect(store.findActiveRun(3)?.status).toBe('in_progress');
    expect(store.findActiveRun(2)).toBeUndefined();
  });
});

describe('DemoStore mutations', () => {
  it('has a strictly increasing clock ahead of the seeded data', () => {
    const store = createDemoStore();
    const first = store.now();
    expect(first).toBeGreaterThan(SEED_ANCHOR);
    expect(store.now()).toBeGreaterThan(first);
  });

  it('inserts, touches and removes runs', () => {
    const store = createDemoStore();
    const inserted = store.insertRun(2);
    expect(inserted).toMatchObject({ syncId: 2, workspaceId: 1, status: 'pending', syncRunType: 'general', startedAt: null });
    expect(store.listRuns(2)[0]).toBe(inserted);

    const oldest = store.listRuns(2).at(-1)!;
    store.touchRun(oldest.id);
    expect(store.listRuns(2)[0]).toBe(oldest);

    const records = store.listRecords(oldest.id);
    store.removeRun(oldest.id);
    expect(store.getRun(oldest.id)).toBeUndefined();
    expect(store.listRuns(2)).not.toContain(oldest);
    expect(store.listRecords(oldest.id)).toEqual([]);
    for (const record of records) expect(record.syncRunId).toBeNull();
    expect(() => store.touchRun(oldest.id)).toThrow('touchRun: unknown run');
  });

  it('inserts records at the end or at a position, and removes them', () => {
    const store = createDemoStore();
    const before = store.listRecords(1025);
    const last = store.insertRecord(1025, { status: 'success' });
    expect(store.listRecords(1025).at(-1)).toBe(last);
    expect(last.createdAt).toBeGreaterThan(before.at(-1)!.createdAt);

    const middle = store.insertRecordAt(1025, 5);
    const after = store.listRecords(1025);
    expect(after[5]).toBe(middle);
    expect(middle.createdAt).toBeGreaterThanOrEqual(after[4]!.createdAt);
    expect(middle.createdAt).toBeLessThanOrEqual(after[6]!.createdAt);
    const first = store.insertRecordAt(1025, 0);
    expect(store.listRecords(1025)[0]).toBe(first);
    expect(first.createdAt).toBeLessThan(store.listRecords(1025)[1]!.createdAt);

    store.removeRecord(middle.id);
    expect(store.listRecords(1025)).not.toContain(middle);
    expect(store.listRecords(1025)).toHaveLength(before.length + 2);
  });

  it('inserts and removes syncs', () => {
    const store = createDemoStore();
    const sync = store.insertSync(1, { scheduleType: 'manual' });
    expect(sync.id).toBe(57);
    expect(store.listSyncs(1)[0]).toBe(sync);
    expect(store.listSyncs(3)).not.toContain(sync);
    const run = store.insertRun(sync.id);
    store.removeSync(sync.id);
    expect(store.getSync(sync.id)).toBeUndefined();
    expect(store.listSyncs(1)).not.toContain(sync);
    expect(store.getRun(run.id)).toBeUndefined();
  });
});
