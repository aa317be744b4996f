/**
 * The readiness check behind /readyz: the breaker lets calls through and the API answers a request
 * without credentials (a 401 proves it is up). Concurrent checks share one request, so a burst of
 * probes never becomes a burst of upstream traffic. The check counts as a call for the shared breaker
 * (as one caller of its own), so a half-open breaker can close on it.
 */
import { evidenceOf } from './breakers';
import type { BreakerState } from './circuitBreaker';
import type { OriginBreaker } from './originBreaker';
import type { ShutdownSwitch } from './shutdown';
import type { UpstreamTransport } from './transport';

/** What /readyz reports: whether calls would go through and the upstream answers. */
export interface Readiness {
  ready: boolean;
  breaker: BreakerState;
  upstream: 'reachable' | 'failing' | 'unreachable' | 'not-checked';
}

/** Answers without credentials (401) when the API is up: the workspace list never needs a Workspace-Id. */
const READINESS_ROUTE = '/api/v1/workspaces';

/** The check's caller key for the shared breaker (real callers' keys are HMACs, never this). */
const READINESS_CALLER = 'readiness-check';

export class ReadinessCheck {
  private inFlight: Promise<Readiness> | undefined;

  constructor(
    private readonly transport: UpstreamTransport,
    private readonly breaker: OriginBreaker,
    private readonly timeoutMs: number,
    private readonly shutdown: ShutdownSwitch,
  ) {}

  run(): Promise<Readiness> {
    this.inFlight ??= this.probe().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async probe(): Promise<Readiness> {
    const permit = this.breaker.tryAcquire();
    if (!permit) return { ready: false, breaker: this.breaker.state, upstream: 'not-checked' };
    const route = READINESS_ROUTE;
    // A check in flight at shutdown is cut off too, so the pool can close at once.
    const cancel = this.shutdown.link(AbortSignal.timeout(this.timeoutMs));
    const outcome = await this.transport
      .send({ method: 'GET', path: this.transport.basePath + route, route, headers: { accept: 'application/json' }, body: undefined }, cancel.signal, 'readiness')
      .finally(cancel.dispose);
    this.breaker.record(permit, evidenceOf(outcome), READINESS_CALLER);
    const upstream = outcome.kind === 'failure' ? 'unreachable' : outcome.status >= 500 ? 'failing' : 'reachable';
    return { ready: upstream === 'reachable', breaker: this.breaker.state, upstream };
  }
}
