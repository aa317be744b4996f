/**
 * One seeded run and its records, in the order the pipeline produces them: the run is planned,
 * rows are extracted into records, the records are loaded (logs, updated_at), and the run's counters
 * are written from its records. Every draw from the random source happens in a fixed order, so the
 * same seed always yields the same data.
 */
import { type CompiledFieldMap, type DestinationDialect, mapRow } from './destinations';
import { generateEntityRow, type EntityKind } from './entities';
import type { IdAllocator } from './ids';
import type { Random } from './random';
import type { SyncScenario } from './scenarios';
import type { DemoSync, DemoSyncRecord, DemoSyncRecordLogs, DemoSyncRun, SyncRecordStatus, SyncRunStatus } from './types';

// Bound once: this module runs per record, and inside a vm context (jest) every lookup of a global
// such as `Math` or `JSON` is several times slower than a module-local binding.
const { floor, max } = Math;
const stringify = JSON.stringify;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface RunSeedInput {
  rng: Random;
  ids: IdAllocator;
  /** The sync; its `createdAt`/`updatedAt`/`currentCursorField` are filled in here. */
  sync: DemoSync;
  scenario: SyncScenario;
  entity: EntityKind;
  destinationConnectorName: string;
  /** Model/destination creation time: the sync cannot be older. */
  notBefore: number;
  /** "Now" of the seeded world: everything happens before it. */
  anchor: number;
}

/** What every run of one sync shares while being generated. */
export interface SyncRunsContext {
  input: RunSeedInput;
  dialect: DestinationDialect;
  fieldMap: CompiledFieldMap;
  /** Destination field a failed record is rejected for, and the destination's complaint. */
  failedField: string;
  failureDetail: string;
  /** Source primary keys already extracted by earlier runs, for re-used ("update") records. */
  seenKeys: { key: number; firstSeen: number }[];
  nextSourceKey: number;
}

interface RecordDraft {
  row: Record<string, unknown>;
  status: SyncRecordStatus;
  update: boolean;
  createdAt: number;
  extractedAt: number;
}

interface RunPlan {
  status: SyncRunStatus;
  isTest: boolean;
  fromNewest: number;
  count: number;
  createdAt: number;
  startedAt: number | null;
}

interface Extraction {
  drafts: RecordDraft[];
  /** When the last row was extracted. */
  extractedAt: number;
}

interface LoadedRun {
  records: DemoSyncRecord[];
  finishedAt: number | null;
  lastActivity: number;
  runId: number;
}

/** One run scheduled at `scheduledAt`, `fromNewest` runs before the newest, with its records. */
export function seedRun(context: SyncRunsContext, scheduledAt: number, fromNewest: number): { run: DemoSyncRun; records: DemoSyncRecord[] } {
  const plan = planRun(context.input, scheduledAt, fromNewest);
  const loaded = loadRecords(context, plan, extractRecords(context, plan));
  return { run: buildRun(context.input, plan, loaded), records: loaded.records };
}

function planRun({ rng, scenario }: RunSeedInput, scheduledAt: number, fromNewest: number): RunPlan {
  const big = scenario.bigRuns?.find((entry) => entry.fromNewest === fromNewest);
  // A big run that is not the newest is a successful one: it is there to be paged through.
  const status = fromNewest === 0 ? scenario.latestRun : big ? 'success' : olderRunStatus(rng);
  const isTest = scenario.testRuns?.includes(fromNewest) ?? false;
  // A newest run with an error text failed before extracting anything.
  const failedEarly = fromNewest === 0 && scenario.latestRunError !== undefined;
  const count = big ? big.records : failedEarly ? 0 : recordCount(status, isTest, rng);
  const createdAt = scheduledAt + rng.int(150, 1800);
  const startedAt = status === 'pending' ? null : createdAt + rng.int(300, 1500);
  return { status, isTest, fromNewest, count, createdAt, startedAt };
}

/** Extraction: rows become records in order, a few milliseconds apart. */
function extractRecords(context: SyncRunsContext, plan: RunPlan): Extraction {
  const { rng, scenario, entity } = context.input;
  const { status, count, isTest, startedAt, createdAt } = plan;
  let extractedAt = (startedAt ?? createdAt) + rng.int(150, 600);
  const statuses = recordStatuses(status, count, isTest, rng);
  const drafts: RecordDraft[] = [];
  const usedInRun = new Set<number>();
  for (let r = 0; r < count; r++) {
    extractedAt += rng.int(2, 12);
    const recordStatus = statuses[r] as SyncRecordStatus;
    const wantsUpdate = context.seenKeys.length > 0 && rng.chance(scenario.syncMode === 'incremental' ? 0.25 : 0.1);
    const previous = wantsUpdate ? rng.pick(context.seenKeys) : undefined;
    const update = previous !== undefined && !usedInRun.has(previous.key);
    const key = update ? previous.key : context.nextSourceKey++;
    usedInRun.add(key);
    if (!update) context.seenKeys.push({ key, firstSeen: extractedAt });
    const row = generateEntityRow(entity, key, extractedAt - rng.int(MINUTE, 2 * DAY), rng, recordStatus === 'failed');
    // A re-used record keeps the created_at of the run that first extracted its key.
    drafts.push({ row, status: recordStatus, update, createdAt: update ? previous.firstSeen : extractedAt, extractedAt });
  }
  return { drafts, extractedAt };
}

/** Loading: processed records get logs and an updated_at spread over the load phase. */
function loadRecords(context: SyncRunsContext, plan: RunPlan, { drafts, extractedAt }: Extraction): LoadedRun {
  const { rng, ids, sync } = context.input;
  const { status, count, startedAt } = plan;
  const loadSpan = count * rng.int(5, 25) + rng.int(500, 3000);
  const finishedAt =
    isTerminal(status) && startedAt !== null
      ? status === 'canceled'
        ? startedAt + rng.int(2_000, 60_000)
        : extractedAt + loadSpan + rng.int(100, 800)
      : null;
  let lastActivity = extractedAt;
  const runId = ids.next('run');
  const records: DemoSyncRecord[] = drafts.map((draft, index) => {
    let logs: DemoSyncRecordLogs | null = null;
    let updatedAt = draft.extractedAt;
    if (draft.status !== 'pending') {
      const mapped = mapRow(draft.row, context.fieldMap);
      const response =
        draft.status === 'failed'
          ? context.dialect.failure(context.failedField, context.failureDetail, rng)
          : context.dialect.success(rng);
      logs = {
        request: stringify(context.dialect.request(mapped, sync.streamName)),
        response: stringify(response),
        level: draft.status === 'failed' ? 'error' : 'info',
      };
      // A batch loader marks failed records without logs; the logs above were still drawn, so the
      // random sequence (and every other seeded value) stays the same.
      if (draft.status === 'failed' && context.input.scenario.batchLoad) logs = null;
      updatedAt = extractedAt + floor((loadSpan * (index + rng.next())) / max(count, 1));
      lastActivity = max(lastActivity, updatedAt);
    }
    return {
      id: 0,
      syncId: sync.id,
      syncRunId: runId,
      record: draft.row,
      status: draft.status,
      action: draft.update ? 'destination_update' : 'destination_insert',
      logs,
      createdAt: draft.createdAt,
      updatedAt,
    };
  });
  // created_at ascending is the upstream's record order; ids follow it.
  records.sort((a, b) => a.createdAt - b.createdAt);
  for (const record of records) record.id = ids.next('record');
  return { records, finishedAt, lastActivity, runId };
}

/** The run row; its counters agree with its records. */
function buildRun(input: RunSeedInput, plan: RunPlan, { records, finishedAt, lastActivity, runId }: LoadedRun): DemoSyncRun {
  const { rng, sync, scenario } = input;
  const { status, count, isTest, startedAt, createdAt, fromNewest } = plan;
  const finished = status === 'success' || status === 'failed';
  const skipped = finished && rng.chance(0.15) ? rng.int(1, 30) : 0;
  // Runs that never got query results report zero query rows.
  const queried = !(status === 'pending' || status === 'started' || status === 'querying' || (status === 'failed' && count === 0));
  const updatedAt =
    finishedAt !== null
      ? finishedAt + rng.int(5, 90)
      : status === 'pending'
        ? createdAt
        : max(lastActivity, startedAt ?? createdAt) + rng.int(50, 3000);
  const run: DemoSyncRun = {
    id: runId,
    syncId: sync.id,
    workspaceId: sync.workspaceId,
    status,
    syncRunType: isTest ? 'test' : 'general',
    startedAt,
    finishedAt,
    totalQueryRows: queried ? count + skipped + rng.int(0, 2000) : 0,
    // Counters are written by the reporter at the end of a run: zero until then.
    totalRows: finished ? count : 0,
    skippedRows: skipped,
    successfulRows: finished ? records.filter((record) => record.status === 'success').length : 0,
    failedRows: finished ? records.filter((record) => record.status === 'failed').length : 0,
    error: fromNewest === 0 ? (scenario.latestRunError ?? null) : null,
    createdAt,
    updatedAt,
    discardedAt: null,
  };
  return run;
}

function olderRunStatus(rng: Random): SyncRunStatus {
  return rng.weighted({ success: 86, failed: 10, canceled: 4 });
}

function recordCount(status: SyncRunStatus, isTest: boolean, rng: Random): number {
  switch (status) {
    case 'success':
      return isTest ? rng.int(1, 5) : rng.int(0, 15);
    case 'failed':
      return rng.chance(0.5) ? 0 : rng.int(5, 25);
    case 'queued':
      return rng.int(5, 30);
    case 'in_progress':
    case 'paused':
      return rng.int(10, 40);
    default:
      // pending/started/querying have not extracted anything; canceled runs lose their records.
      return 0;
  }
}

/** Final status of each record of a run, by the run's status. */
function recordStatuses(status: SyncRunStatus, count: number, isTest: boolean, rng: Random): SyncRecordStatus[] {
  const out: SyncRecordStatus[] = [];
  const processed =
    status === 'queued' ? 0 : status === 'in_progress' || status === 'paused' ? floor(count * (0.3 + rng.next() * 0.5)) : count;
  for (let i = 0; i < count; i++) {
    if (i >= processed) out.push('pending');
    else if (status === 'failed') out.push(rng.weighted({ failed: 45, pending: 10, success: 45 }));
    else out.push(!isTest && rng.chance(0.06) ? 'failed' : 'success');
  }
  return out;
}

export function isTerminal(status: SyncRunStatus): boolean {
  return status === 'success' || status === 'failed' || status === 'canceled';
}
