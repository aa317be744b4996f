/**
 * The shared breaker of the upstream origin: when it is open, no caller's call is made. Only evidence
 * that the upstream is failing for everyone may open it, so that no single caller can open it:
 * - `failureThreshold` transport failures in a row (refused, reset, timed out), whoever made the calls;
 * - 5xx answers to `distinctCallers` different callers within `windowMs`. A 5xx answer to one caller
 *   only (a broken workspace, a poisoned token) opens that caller's own breaker instead (callerBreakers.ts).
 * Any answer, 5xx included, proves the upstream can be reached: it ends a run of transport failures and
 * closes a half-open breaker. A caller's success takes it off the list of failing callers.
 */
import { CircuitBreaker, type BreakerPermit, type BreakerState } from './circuitBreaker';

export interface OriginBreakerOptions {
  /** Transport failures in a row that open the breaker. */
  failureThreshold: number;
  /** How long the breaker stays open before it lets a probe through. */
  cooldownMs: number;
  /** Distinct callers answered with a 5xx, within `windowMs`, that open the breaker. */
  distinctCallers: number;
  windowMs: number;
}

/** What one attempt proved about the upstream, as the breakers see it. */
export type AttemptEvidence = 'answered' | 'server-error' | 'transport-failure' | 'neutral';

export class OriginBreaker {
  private readonly breaker: CircuitBreaker;
  /** Callers whose last answer was a 5xx, with when it came; never more than `distinctCallers` - 1. */
  private readonly failingCallers = new Map<string, number>();

  constructor(
    private readonly options: OriginBreakerOptions,
    private readonly now: () => number,
    onChange: (from: BreakerState, to: BreakerState, failingCallers: number) => void,
  ) {
    this.breaker = new CircuitBreaker(options, now, (from, to) => onChange(from, to, this.failingCallers.size));
  }

  get state(): BreakerState {
    return this.breaker.state;
  }

  tryAcquire(): BreakerPermit | undefined {
    return this.breaker.tryAcquire();
  }

  /** Reports how a permitted call of `caller` (an opaque key) ended. */
  record(permit: BreakerPermit, evidence: AttemptEvidence, caller: string): void {
    if (evidence === 'neutral') return this.breaker.record(permit, 'neutral');
    if (evidence === 'transport-failure') return this.breaker.record(permit, 'failure');
    this.breaker.record(permit, 'success');
    if (evidence === 'answered') {
      this.failingCallers.delete(caller);
      return;
    }
    this.noteFailingCaller(caller);
    if (this.failingCallers.size >= this.options.distinctCallers) {
      this.breaker.trip();
      // After the cool-down, fresh evidence is needed to open it again.
      this.failingCallers.clear();
    }
  }

  private noteFailingCaller(caller: string): void {
    const now = this.now();
    for (const [key, at] of this.failingCallers) {
      if (now - at >= this.options.windowMs) this.failingCallers.delete(key);
    }
    this.failingCallers.delete(caller);
    this.failingCallers.set(caller, now);
  }
}
