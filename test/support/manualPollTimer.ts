/**
 * A hand-driven PollTimer: a scheduled poll runs only when the test calls fire(), which resolves once
 * those polls finished (their events handed to the subscribers). Every requested wait is recorded, so
 * tests assert the adaptive interval without waiting for it.
 */
import type { PollTimer } from '../../src/subscriptions/timer';

export interface ManualPollTimer extends PollTimer {
  /** Every wait the loops asked for, in order. */
  readonly waits: number[];
  /** Polls scheduled and neither run nor cancelled yet. */
  readonly pendingCount: number;
  /** Runs every poll pending now; resolves when they finished. */
  fire(): Promise<void>;
  /** Resolves once `predicate` holds, checked now and after each schedule, cancel and fire. */
  until(predicate: () => boolean): Promise<void>;
}

export function createManualPollTimer(): ManualPollTimer {
  const pending = new Set<() => Promise<void>>();
  const waits: number[] = [];
  let waiters: Array<{ predicate: () => boolean; resolve: () => void }> = [];
  const changed = (): void => {
    const still = waiters.filter((waiter) => !waiter.predicate());
    for (const waiter of waiters) if (!still.includes(waiter)) waiter.resolve();
    waiters = still;
  };
  return {
    waits,
    get pendingCount() {
      return pending.size;
    },
    schedule(ms, poll) {
      waits.push(ms);
      pending.add(poll);
      changed();
      return () => {
        pending.delete(poll);
        changed();
      };
    },
    async fire() {
      const due = [...pending];
      pending.clear();
      await Promise.all(due.map((poll) => poll()));
      changed();
    },
    until(predicate) {
      if (predicate()) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
  };
}
