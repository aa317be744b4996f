/**
 * A process-wide retry budget: over a sliding window, retries may be at most `ratio` of the calls
 * made plus a small `floor`. During an outage every call fails, the budget runs dry after a few
 * retries, and the upstream sees about (1 + ratio) times the normal traffic instead of maxAttempts times.
 */
export interface RetryBudgetOptions {
  /** Retries allowed per first attempt, e.g. 0.2 = one retry per five calls. */
  ratio: number;
  /** Retries always allowed per window, so a quiet gateway can still retry. */
  floor: number;
  /** Length of the sliding window. */
  windowMs: number;
}

interface Bucket {
  index: number;
  calls: number;
  retries: number;
}

const BUCKETS_PER_WINDOW = 10;

export class RetryBudget {
  private readonly bucketMs: number;
  private buckets: Bucket[] = [];

  constructor(
    private readonly options: RetryBudgetOptions,
    private readonly now: () => number,
  ) {
    this.bucketMs = Math.max(1, options.windowMs / BUCKETS_PER_WINDOW);
  }

  /** Counts a first attempt (a retry is never a call of its own). */
  recordCall(): void {
    this.current().calls += 1;
  }

  /** Spends one retry when the window still has one; false means "do not retry". */
  tryRetry(): boolean {
    const { calls, retries } = this.totals();
    if (retries >= Math.floor(this.options.floor + this.options.ratio * calls)) return false;
    this.current().retries += 1;
    return true;
  }

  /** Calls and retries inside the current window. */
  totals(): { calls: number; retries: number } {
    this.prune();
    return this.buckets.reduce((sum, b) => ({ calls: sum.calls + b.calls, retries: sum.retries + b.retries }), { calls: 0, retries: 0 });
  }

  private current(): Bucket {
    this.prune();
    const index = Math.floor(this.now() / this.bucketMs);
    let bucket = this.buckets[this.buckets.length - 1];
    if (!bucket || bucket.index !== index) {
      bucket = { index, calls: 0, retries: 0 };
      this.buckets.push(bucket);
    }
    return bucket;
  }

  private prune(): void {
    const oldest = Math.floor(this.now() / this.bucketMs) - BUCKETS_PER_WINDOW + 1;
    if (this.buckets.length > 0 && this.buckets[0]!.index < oldest) this.buckets = this.buckets.filter((b) => b.index >= oldest);
  }
}
