/**
 * When the next poll of a loop runs. Injectable, as the upstream client's time is (src/upstream/time.ts),
 * so tests fire polls by hand instead of waiting for intervals.
 */

export interface PollTimer {
  /** Runs `poll` once after `ms`; the returned function cancels it if it has not run yet. */
  schedule(ms: number, poll: () => Promise<void>): () => void;
}

export const systemPollTimer: PollTimer = {
  schedule(ms, poll) {
    const handle = setTimeout(() => void poll(), ms);
    // A pending poll never keeps the process alive on its own: stop() ends the loops anyway.
    handle.unref();
    return () => clearTimeout(handle);
  },
};
