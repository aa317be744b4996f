/** bench/results/roundTrips.json: the whole run, with the machine it ran on (git-ignored). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { CellResult } from './cell';
import type { ModeResult } from './modes';
import type { BenchIds, Operation } from './operations';
import type { ProcSample } from './procStats';
import type { RestPlan } from './restPlan';
import type { Durations } from './settings';
import type { TargetVerdict } from './targets';

export interface RunRecord {
  ids: BenchIds;
  durations: Durations;
  /** The gateway process right after it started listening, before any load. */
  gatewayAtStart: ProcSample;
  operations: readonly Operation[];
  /** Per operation: what the gateway sent upstream (recorded once), and what the REST side replays. */
  plans: Record<string, { gateway: RestPlan; rest: RestPlan }>;
  cells: readonly CellResult[];
  targets: readonly TargetVerdict[];
  wallSeconds: number;
  /** Every observability mode measured (BENCH_MODES); `cells` are the first mode's. */
  modes?: readonly ModeResult[];
}

export const RESULTS_FILE = resolve(__dirname, '..', 'results', 'roundTrips.json');

export function writeResults(run: RunRecord): string {
  const cpuList = cpus();
  const document = {
    timestamp: new Date().toISOString(),
    machine: {
      cpus: cpuList.length,
      model: cpuList[0]?.model ?? 'unknown',
      totalMemoryMb: Math.round(totalmem() / 1024 / 1024),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
    },
    ...run,
  };
  mkdirSync(join(RESULTS_FILE, '..'), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(document, null, 2)}\n`);
  return RESULTS_FILE;
}
