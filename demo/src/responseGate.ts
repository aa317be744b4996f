/**
 * Response gates: a test hook that proves requests were in flight at the same time by counting, not
 * by timing. A gate holds the response of every request it counts until the N-th one arrives; that
 * arrival opens the gate and every held response goes out. A caller that waits for each answer before
 * sending its next request can never fill it: its first request would stay held forever. So the gate
 * also opens by itself after a bounded safety wait and then reports that it did not fill. That wait
 * only breaks the deadlock; whether the gate filled never depends on how fast anything ran.
 */

/** How long an unfilled gate holds responses before it gives up, ms. Generous, as a loaded CI
 * machine must not make a concurrent caller look sequential; a sequential one fails after this. */
export const DEFAULT_GATE_MAX_WAIT_MS = 5000;

export interface GateOutcome {
  /** True when the N-th counted request arrived while the others were held. */
  filled: boolean;
  /** Requests the gate counted before it opened (N when filled). */
  arrived: number;
  /** The N the gate waited for. */
  expected: number;
}

export interface ResponseGate {
  /** The N the gate waits for. */
  readonly expected: number;
  /** Requests counted so far. */
  readonly arrived: number;
  /** Settles once the gate opens, filled or not. Never rejects. */
  readonly opened: Promise<GateOutcome>;
  /** Opens the gate now (cleanup); the outcome says not filled unless it already was. */
  release(): void;
}

export interface HoldResponsesOptions<R> {
  /**
   * Which requests the gate counts and holds (default: every request); the rest pass through. Called
   * at most once per arriving request while the gate holds, so it may keep state (e.g. a quota).
   */
  match?: (request: R) => boolean;
  /** The safety wait, ms (default DEFAULT_GATE_MAX_WAIT_MS). */
  maxWaitMs?: number;
}

class Gate<R> implements ResponseGate {
  arrived = 0;
  readonly opened: Promise<GateOutcome>;
  private resolveOpened!: (outcome: GateOutcome) => void;
  private readonly timer: NodeJS.Timeout;
  private isOpen = false;

  constructor(
    readonly expected: number,
    private readonly match: (request: R) => boolean,
    maxWaitMs: number,
    private readonly onOpen: (gate: Gate<R>) => void,
  ) {
    this.opened = new Promise((resolve) => {
      this.resolveOpened = resolve;
    });
    // unref: a gate a test forgot must not keep the process alive.
    this.timer = setTimeout(() => this.open(false), maxWaitMs).unref();
  }

  accepts(request: R): boolean {
    return this.match(request);
  }

  /** Counts one request: undefined for the N-th (it opens the gate and is answered at once), else what to await. */
  count(): Promise<GateOutcome> | undefined {
    this.arrived += 1;
    if (this.arrived < this.expected) return this.opened;
    this.open(true);
    return undefined;
  }

  release(): void {
    this.open(false);
  }

  private open(filled: boolean): void {
    if (this.isOpen) return;
    this.isOpen = true;
    clearTimeout(this.timer);
    this.onOpen(this);
    this.resolveOpened({ filled, arrived: this.arrived, expected: this.expected });
  }
}

/** The gates of one server. A request is counted by the oldest gate still holding that matches it, if one does. */
export class ResponseGates<R> {
  private readonly pending = new Set<Gate<R>>();

  hold(expected: number, options: HoldResponsesOptions<R> = {}): ResponseGate {
    if (!Number.isInteger(expected) || expected < 1) throw new RangeError(`A gate needs a positive integer count, not ${expected}.`);
    const gate = new Gate<R>(expected, options.match ?? (() => true), options.maxWaitMs ?? DEFAULT_GATE_MAX_WAIT_MS, (done) =>
      this.pending.delete(done),
    );
    this.pending.add(gate);
    return gate;
  }

  /** Called on arrival. Undefined: answer now; a promise: answer once it settles. */
  admit(request: R): Promise<unknown> | undefined {
    for (const gate of this.pending) {
      if (gate.accepts(request)) return gate.count();
    }
    return undefined;
  }

  /** Opens every gate still holding (the server is closing). */
  releaseAll(): void {
    for (const gate of [...this.pending]) gate.release();
  }
}
