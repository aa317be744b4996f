/**
 * Moves a run through its life on command, as the workflow engine would: pending → in progress with
 * counters rising → success or failed. Tests of live updates call it (through DemoStore.advanceRun)
 * between polls, so a run changes exactly when the test says and nothing sleeps.
 */
import type { DemoSyncRun } from './types';

export type RunStep =
  /** The run starts: `in_progress`, `started_at` now, `total_query_rows` as given (default 100). */
  | { kind: 'start'; totalQueryRows?: number }
  /** Rows were processed: each counter grows by the given amount, and `total_rows` by their sum. */
  | { kind: 'progress'; successfulRows?: number; failedRows?: number; skippedRows?: number }
  /** The run ends: `success` or `failed` (with an error text), `finished_at` now. */
  | { kind: 'finish'; status: 'success' | 'failed'; error?: string };

/** Applies `step` to `run` at store time `at` (mutates and returns it). */
export function applyRunStep(run: DemoSyncRun, step: RunStep, at: number): DemoSyncRun {
  if (run.finishedAt !== null) throw new Error(`advanceRun: run ${run.id} already finished (${run.status})`);
  switch (step.kind) {
    case 'start':
      Object.assign(run, { status: 'in_progress', startedAt: at, totalQueryRows: step.totalQueryRows ?? 100 });
      break;
    case 'progress': {
      const successful = step.successfulRows ?? 0;
      const failed = step.failedRows ?? 0;
      const skipped = step.skippedRows ?? 0;
      if (run.status !== 'in_progress') throw new Error(`advanceRun: run ${run.id} is ${run.status}, not in_progress`);
      run.successfulRows += successful;
      run.failedRows += failed;
      run.skippedRows += skipped;
      run.totalRows += successful + failed + skipped;
      break;
    }
    case 'finish':
      Object.assign(run, { status: step.status, finishedAt: at, error: step.status === 'failed' ? (step.error ?? 'The destination refused the batch.') : null });
      break;
  }
  run.updatedAt = at;
  return run;
}
