/**
 * The clock, the wait and the dice the upstream client uses for backoff, Retry-After, the retry budget
 * and the circuit breaker. Injectable so tests drive time by hand and never sleep.
 */
import { setTimeout as delay } from 'node:timers/promises';

export interface UpstreamTime {
  /** Milliseconds on a monotonic-enough clock (only differences are used). */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** A number in [0, 1) for backoff jitter. */
  random(): number;
}

export const systemTime: UpstreamTime = {
  now: () => performance.now(),
  sleep: async (ms, signal) => {
    if (signal?.aborted) throw signal.reason;
    try {
      await delay(ms, undefined, { signal });
    } catch (error) {
      // timers/promises rejects with its own AbortError; report why the signal fired instead.
      throw signal?.aborted ? signal.reason : error;
    }
  },
  random: () => Math.random(),
};
