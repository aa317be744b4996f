/**
 * A hand-driven UpstreamTime: the clock moves only when a test calls advance() or the client
 * "sleeps" (a sleep returns at once and moves the clock by its length). Every requested wait is
 * recorded, so tests assert backoff and Retry-After without waiting for them.
 */
import type { UpstreamTime } from '../../src/upstream/time';

export interface ManualTime extends UpstreamTime {
  /** Every wait the client asked for, in order. */
  readonly sleeps: number[];
  advance(ms: number): void;
}

export function createManualTime(options: { random?: number } = {}): ManualTime {
  let current = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      current += ms;
    },
    random: () => options.random ?? 0.5,
  };
}
