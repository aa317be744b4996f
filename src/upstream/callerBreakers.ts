/**
 * One circuit breaker per (caller, route template): the upstream answering one caller's calls on one
 * route with 5xx refuses that caller's calls on that route for a cool-down, and nobody else's.
 * Memory stays bounded whatever callers send: a breaker exists only while it remembers a failure (a
 * success that leaves it closed and clean forgets it), and at most `maxEntries` are kept, the least
 * recently used forgotten first (so a stream of random tokens evicts entries; it cannot grow the map).
 */
import { CircuitBreaker, type BreakerPermit, type BreakerState, type CircuitBreakerOptions } from './circuitBreaker';
import type { AttemptEvidence } from './originBreaker';

/** Default bound on remembered (caller, route) breakers: about 3 MB at most. */
const DEFAULT_MAX_ENTRIES = 10_000;

/** The permit of a call whose (caller, route) has no breaker yet: it is closed. */
const CLOSED_PERMIT: BreakerPermit = { probe: false, probeId: 0 };

export class CallerBreakers {
  /** Insertion order is recency order: a use moves an entry to the end. */
  private readonly entries = new Map<string, CircuitBreaker>();

  constructor(
    private readonly options: CircuitBreakerOptions,
    private readonly now: () => number,
    private readonly onChange: (key: string, from: BreakerState, to: BreakerState) => void,
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
  ) {}

  /** How many breakers are remembered now. */
  get size(): number {
    return this.entries.size;
  }

  /** How many breakers refuse calls now (an open one whose cool-down is over reads as half-open). */
  countOpen(): number {
    let open = 0;
    for (const breaker of this.entries.values()) if (breaker.state === 'open') open += 1;
    return open;
  }

  /** A permit for a call under `key`, or undefined when that caller's breaker for that route is open. */
  tryAcquire(key: string): BreakerPermit | undefined {
    const breaker = this.touch(key);
    return breaker ? breaker.tryAcquire() : CLOSED_PERMIT;
  }

  /** Only answers judge a caller: a 5xx is its failure, any other answer its success. */
  record(key: string, permit: BreakerPermit, evidence: AttemptEvidence): void {
    const outcome = evidence === 'server-error' ? 'failure' : evidence === 'answered' ? 'success' : 'neutral';
    let breaker = this.touch(key);
    if (!breaker) {
      if (outcome !== 'failure') return;
      breaker = new CircuitBreaker(this.options, this.now, (from, to) => this.onChange(key, from, to));
      this.entries.set(key, breaker);
      this.evictBeyondBound();
    }
    breaker.record(permit, outcome);
    if (breaker.idle) this.entries.delete(key);
  }

  /** Whether calls under `key` are refused now (a half-open breaker still lets its probe through). */
  isOpen(key: string): boolean {
    return this.entries.get(key)?.state === 'open';
  }

  private touch(key: string): CircuitBreaker | undefined {
    const breaker = this.entries.get(key);
    if (breaker) {
      this.entries.delete(key);
      this.entries.set(key, breaker);
    }
    return breaker;
  }

  private evictBeyondBound(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) return;
      this.entries.delete(key);
    }
  }
}
