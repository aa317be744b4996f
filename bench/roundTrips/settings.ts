/**
 * What one `npm run bench` measures and for how long: the cell matrix, and durations read from the
 * environment (BENCH_SECONDS=0.5 is the quick mode for trying the bench out).
 */
import type { OperationKey } from './operations';

export interface Cell {
  op: OperationKey;
  concurrency: number;
  /** Latency the demo upstream adds to every response, ms. */
  latencyMs: number;
}

export interface Durations {
  /** Measured time per side and cell (at least; see minOperations). */
  seconds: number;
  /** Load before each side of each cell, not measured: opens connections, settles the pools. */
  cellWarmupSeconds: number;
  /** Load per operation and side before any cell: JIT, Apollo's document cache, connection pools. */
  warmupSeconds: number;
  minOperations: number;
  /** Hard limit per side and cell. */
  maxSeconds: number;
}

const OPS: OperationKey[] = ['a', 'b', 'c', 'd'];

const ALL_CELLS: Cell[] = [
  ...[0, 20].flatMap((latencyMs) => OPS.flatMap((op) => [1, 10].map((concurrency) => ({ op, concurrency, latencyMs })))),
  // The latency target of (d): three dependent levels of upstream requests behind a slow upstream.
  { op: 'd', concurrency: 1, latencyMs: 50 },
  // Peak memory with many large answers in flight at once.
  { op: 'c', concurrency: 50, latencyMs: 0 },
];

/** The cells to run: all of them, or those of the operations BENCH_ONLY names (e.g. "a,c"), for profiling one. */
export function selectCells(env: NodeJS.ProcessEnv): Cell[] {
  const only = env.BENCH_ONLY?.split(',').map((op) => op.trim());
  return only ? ALL_CELLS.filter((cell) => only.includes(cell.op)) : ALL_CELLS;
}

export function readDurations(env: NodeJS.ProcessEnv): Durations {
  const seconds = positive(env, 'BENCH_SECONDS', 3);
  return {
    seconds,
    cellWarmupSeconds: Math.min(0.5, seconds / 4),
    warmupSeconds: positive(env, 'BENCH_WARMUP_SECONDS', Math.min(1, seconds)),
    minOperations: 20,
    maxSeconds: seconds * 3 + 1,
  };
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number of seconds, got "${raw}"`);
  return value;
}
