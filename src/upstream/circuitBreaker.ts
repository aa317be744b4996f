/**
 * The state machine of a circuit breaker (what counts as a failure, and whose, is decided by its
 * owner: see breakers.ts). Closed: every call goes through, and `failureThreshold` failures in a row
 * open it; its owner may also `trip` it open at once. Open: calls fail at once with no network
 * traffic. Once `cooldownMs` has passed, the next call is let through as the only probe (half-open):
 * its success closes the breaker, its failure opens it for another cool-down.
 * State changes happen only when calls ask or report, never on a timer, and time comes from `now`.
 */
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the breaker. */
  failureThreshold: number;
  /** How long the breaker stays open before it lets a probe through. */
  cooldownMs: number;
}

/** Permission to make one call; hand it back to `record`. */
export interface BreakerPermit {
  /** The probe of a half-open breaker (its outcome decides the state). */
  readonly probe: boolean;
  readonly probeId: number;
}

/** What one call proved about the upstream; `neutral` proves nothing (cancelled by us, oversized reply). */
export type CallOutcome = 'success' | 'failure' | 'neutral';

export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probeId = 0;
  /** When the probe in flight was let through; undefined when none is. */
  private probeStartedAt: number | undefined;

  constructor(
    private readonly options: CircuitBreakerOptions,
    private readonly now: () => number,
    private readonly onChange: (from: BreakerState, to: BreakerState) => void = () => {},
  ) {}

  /** The state a call would see now: an open breaker whose cool-down is over reads as half-open. */
  get state(): BreakerState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.options.cooldownMs) return 'half-open';
    return this.current;
  }

  /** Closed with no failure counted and no probe out: it remembers nothing, so it can be forgotten. */
  get idle(): boolean {
    return this.current === 'closed' && this.failures === 0;
  }

  /** A permit to call the upstream, or undefined when the call must fail fast. */
  tryAcquire(): BreakerPermit | undefined {
    if (this.current === 'closed') return { probe: false, probeId: 0 };
    const now = this.now();
    if (this.current === 'open') {
      if (now - this.openedAt < this.options.cooldownMs) return undefined;
      this.transition('half-open');
    }
    // Half-open: one probe at a time; a probe that never reported within a cool-down is written off.
    if (this.probeStartedAt !== undefined && now - this.probeStartedAt < this.options.cooldownMs) return undefined;
    this.probeStartedAt = now;
    this.probeId += 1;
    return { probe: true, probeId: this.probeId };
  }

  /** Reports how a permitted call ended. */
  record(permit: BreakerPermit, outcome: CallOutcome): void {
    const isCurrentProbe = permit.probe && permit.probeId === this.probeId && this.current === 'half-open';
    if (isCurrentProbe) {
      this.probeStartedAt = undefined;
      if (outcome === 'success') this.close();
      else if (outcome === 'failure') this.open();
      return;
    }
    if (this.current !== 'closed' || outcome === 'neutral') return;
    if (outcome === 'success') {
      this.failures = 0;
      return;
    }
    this.failures += 1;
    if (this.failures >= this.options.failureThreshold) this.open();
  }

  /** Opens the breaker now, for a whole cool-down, whatever its state. */
  trip(): void {
    this.probeStartedAt = undefined;
    this.open();
  }

  private open(): void {
    this.openedAt = this.now();
    this.failures = 0;
    this.transition('open');
  }

  private close(): void {
    this.failures = 0;
    this.transition('closed');
  }

  private transition(to: BreakerState): void {
    const from = this.current;
    if (from === to) return;
    this.current = to;
    this.onChange(from, to);
  }
}
