/**
 * The store's clock. Every reading is strictly greater than the previous one (and than every seeded
 * timestamp), so rows created or touched through the store get unique, ordered timestamps even when
 * several changes happen within one wall-clock millisecond.
 */
export interface MonotonicClock {
  now(): number;
}

export function createMonotonicClock(notBefore: number, wallClock: () => number = Date.now): MonotonicClock {
  let last = notBefore;
  return {
    now() {
      last = Math.max(wallClock(), last + 1);
      return last;
    },
  };
}
