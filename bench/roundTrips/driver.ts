/**
 * The closed-loop load driver: `concurrency` workers, each sending one operation and awaiting its
 * answer before sending the next, so throughput and latency are those of a client that waits (like a
 * UI), not of an open-loop flood. The loop ends once the time is up and enough operations were done,
 * and in any case at the hard limit, so every cell is bounded in time.
 */
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { RunOperation } from './clients';

export interface LoopOptions {
  concurrency: number;
  /** Measure at least this long... */
  seconds: number;
  /** ...and at least this many operations (a slow cell at concurrency 1 would otherwise be a handful)... */
  minOperations: number;
  /** ...but never longer than this. */
  maxSeconds: number;
  /** Ends the loop early (the bench is stopping). */
  signal?: AbortSignal;
}

export interface LoopResult {
  operations: number;
  elapsedMs: number;
  /** Latency of every operation, ms, ascending. */
  latenciesMs: number[];
  errors: number;
  /** The first few distinct error descriptions. */
  errorSamples: string[];
}

const MAX_ERROR_SAMPLES = 5;

export async function runClosedLoop(operation: RunOperation, options: LoopOptions): Promise<LoopResult> {
  const started = performance.now();
  const softEnd = started + options.seconds * 1000;
  const hardEnd = started + options.maxSeconds * 1000;
  const latenciesMs: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  const more = () => {
    const now = performance.now();
    if (options.signal?.aborted || now >= hardEnd) return false;
    return now < softEnd || latenciesMs.length < options.minOperations;
  };
  const record = (failure: string | undefined) => {
    if (failure === undefined) return;
    errors += 1;
    if (errorSamples.length < MAX_ERROR_SAMPLES && !errorSamples.includes(failure)) errorSamples.push(failure);
  };
  const worker = async () => {
    while (more()) {
      const sent = performance.now();
      let failure: string | undefined;
      try {
        failure = await operation();
      } catch (error) {
        failure = `transport: ${error instanceof Error ? error.message : String(error)}`;
      }
      latenciesMs.push(performance.now() - sent);
      record(failure);
      // Failures can come back without any I/O (a closed pool rejects at once): a loop of them would
      // never let timers and sockets run, so it yields a turn after each.
      if (failure !== undefined) await nextTurn();
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  latenciesMs.sort((x, y) => x - y);
  return { operations: latenciesMs.length, elapsedMs: performance.now() - started, latenciesMs, errors, errorSamples };
}

/** Nearest-rank percentile of ascending values (0 for none). */
export function percentile(ascending: readonly number[], p: number): number {
  if (ascending.length === 0) return 0;
  const rank = Math.ceil((p / 100) * ascending.length);
  return ascending[Math.min(ascending.length, Math.max(1, rank)) - 1]!;
}
