/**
 * Generates one sync's run history and the sync records of each run, keeping them consistent the way
 * the upstream pipeline does: only the newest run may be active; finished runs' counters equal their
 * records (total_rows, successful_rows, failed_rows); active runs have null finished_at and zero
 * counters; pending records have null logs; records are in created_at order, re-used ("update") rows
 * keep the older created_at of their first sighting.
 */
import { compileFieldMap, dialectFor, FAILURE_CAUSE } from './destinations';
import { formatSourceTimestamp } from './entities';
import type { Random } from './random';
import type { SyncScenario } from './scenarios';
import { isTerminal, seedRun, type RunSeedInput, type SyncRunsContext } from './seedRun';
import type { DemoSyncRecord, DemoSyncRun } from './types';

export type { RunSeedInput } from './seedRun';

const { max, min } = Math;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const UNIT_MS = { minutes: MINUTE, hours: HOUR, days: DAY, weeks: 7 * DAY } as const;

export interface RunSeedOutput {
  runs: DemoSyncRun[];
  records: DemoSyncRecord[];
}

/** Milliseconds between scheduled runs; manual syncs are triggered at irregular times. */
function cadenceMs(scenario: SyncScenario, rng: Random): number {
  const schedule = scenario.schedule;
  if (schedule.type === 'interval') return schedule.every * UNIT_MS[schedule.unit];
  if (schedule.type === 'cron_expression') return schedule.everyMs;
  return rng.int(3 * HOUR, 3 * DAY);
}

export function seedRunsForSync(input: RunSeedInput): RunSeedOutput {
  const { rng, sync, scenario, entity, anchor } = input;
  const dialect = dialectFor(input.destinationConnectorName);
  const fieldMap = dialect.fieldMap(entity);
  const cause = FAILURE_CAUSE[entity];
  const context: SyncRunsContext = {
    input,
    dialect,
    fieldMap: compileFieldMap(fieldMap),
    failedField: fieldMap[cause.column] ?? cause.column,
    failureDetail: cause.detail,
    seenKeys: [],
    nextSourceKey: 10_000 + rng.int(0, 5_000),
  };

  // Scheduling times, walking back from the newest run, which is recent unless the sync is disabled.
  const newestAt =
    sync.status === 'disabled'
      ? anchor - rng.int(3 * DAY, 20 * DAY)
      : !isTerminal(scenario.latestRun)
        ? anchor - rng.int(5 * MINUTE, 20 * MINUTE)
        : anchor - rng.int(5 * MINUTE, min(cadenceMs(scenario, rng), 6 * HOUR));
  const scheduledAt: number[] = [];
  let at = newestAt;
  for (let p = 0; p < scenario.runCount; p++) {
    scheduledAt.unshift(at);
    at -= cadenceMs(scenario, rng) + rng.int(0, 30_000);
  }
  const oldest = scheduledAt[0] ?? anchor - rng.int(HOUR, 2 * DAY);
  sync.createdAt = max(input.notBefore + rng.int(HOUR, DAY), oldest - rng.int(DAY, 10 * DAY));

  const runs: DemoSyncRun[] = [];
  const records: DemoSyncRecord[] = [];
  scheduledAt.forEach((time, index) => {
    const seeded = seedRun(context, time, scenario.runCount - 1 - index);
    runs.push(seeded.run);
    records.push(...seeded.records);
  });

  const newest = runs[runs.length - 1];
  if (newest) {
    const lastChange = newest.finishedAt ?? newest.createdAt;
    sync.updatedAt = min(
      anchor - 1,
      lastChange + (sync.status === 'disabled' ? rng.int(HOUR, 2 * DAY) : rng.int(20, 400)),
    );
    if (sync.cursorField !== null && newest.startedAt !== null) {
      sync.currentCursorField = formatSourceTimestamp(newest.startedAt - rng.int(1_000, 120_000));
    }
  } else {
    sync.updatedAt = sync.createdAt;
  }
  return { runs, records };
}
