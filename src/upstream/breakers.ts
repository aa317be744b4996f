/**
 * The circuit breakers in front of the upstream and the rule that keeps one caller's failures from
 * refusing another caller's calls. A call goes through only when both let it:
 * - its caller's breaker for its route template (callerBreakers.ts), opened by 5xx answers to that
 *   caller on that route;
 * - the origin's shared breaker (originBreaker.ts), opened by transport failures, or by 5xx answers to
 *   several distinct callers.
 * A caller is an HMAC (keyed per process) of its Authorization and Workspace-Id values: the token itself
 * is never a key, and logs show only the start of the HMAC.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { CallerCredentials } from '../credentials';
import type { Logger } from '../logger';
import { CallerBreakers } from './callerBreakers';
import type { BreakerPermit, BreakerState } from './circuitBreaker';
import { OriginBreaker, type AttemptEvidence, type OriginBreakerOptions } from './originBreaker';
import type { Attempt } from './transport';
import { breakerOutcomeOf } from './transportFailure';

/** The breakers' settings (config.upstream.breaker). */
export type BreakerSettings = OriginBreakerOptions;

/** What the breakers look like now, for the metrics: nothing in it names a caller. */
export interface BreakerStates {
  origin: BreakerState;
  /** Per-caller breakers open now (a count: a caller's key is never shown). */
  openCallerBreakers: number;
}

/** Both permits of one admitted attempt; hand it back to `record`. */
export interface BreakerTicket {
  readonly caller: string;
  readonly key: string;
  readonly own: BreakerPermit;
  readonly shared: BreakerPermit;
}

export type Admission = { ticket: BreakerTicket } | { refusedBy: 'caller' | 'origin' };

export class UpstreamBreakers {
  readonly origin: OriginBreaker;
  private readonly callers: CallerBreakers;
  private readonly secret = randomBytes(32);

  constructor(settings: BreakerSettings, now: () => number, logger: Logger) {
    this.origin = new OriginBreaker(settings, now, (from, to, failingCallers) =>
      logger[to === 'open' ? 'warn' : 'info']({ from, to, failingCallers }, `upstream circuit breaker is ${to}`),
    );
    this.callers = new CallerBreakers(settings, now, (key, from, to) => {
      const [caller, route] = splitKey(key);
      logger.info({ caller: caller.slice(0, 12), route, from, to }, `circuit breaker of one caller's route is ${to}`);
    });
  }

  /** The caller's opaque key: equal for equal credentials, unusable to recover or test a token. */
  callerOf(credentials: CallerCredentials): string {
    return createHmac('sha256', this.secret)
      .update(`${credentials.authorization ?? ''}\n${credentials.workspaceId ?? ''}`)
      .digest('base64url');
  }

  /** Permits for one attempt of `caller` on `route` (a path), or which breaker refused it. */
  admit(caller: string, route: string): Admission {
    const key = `${caller} ${routeTemplateOf(route)}`;
    const own = this.callers.tryAcquire(key);
    if (!own) return { refusedBy: 'caller' };
    const shared = this.origin.tryAcquire();
    if (!shared) {
      // Give back the caller's permit: it may be its breaker's only probe.
      this.callers.record(key, own, 'neutral');
      return { refusedBy: 'origin' };
    }
    return { ticket: { caller, key, own, shared } };
  }

  record(ticket: BreakerTicket, evidence: AttemptEvidence): void {
    this.callers.record(ticket.key, ticket.own, evidence);
    this.origin.record(ticket.shared, evidence, ticket.caller);
  }

  states(): BreakerStates {
    return { origin: this.origin.state, openCallerBreakers: this.callers.countOpen() };
  }

  /** Whether a retry of this ticket's call would be refused now. */
  isOpenFor(ticket: BreakerTicket): boolean {
    return this.origin.state === 'open' || this.callers.isOpen(ticket.key);
  }
}

/** A path with its ids replaced: /api/v1/syncs/7/sync_runs/12 -> /api/v1/syncs/:id/sync_runs/:id. */
export function routeTemplateOf(path: string): string {
  // Paths are built from validated integer ids only (src/resources/upstreamId.ts).
  return path.replace(/\/\d+(?=\/|$)/g, '/:id');
}

function splitKey(key: string): [string, string] {
  const space = key.indexOf(' ');
  return [key.slice(0, space), key.slice(space + 1)];
}

/** Transport failures and 5xx are failures; any other answer proves the upstream is up. */
export function evidenceOf(outcome: Attempt): AttemptEvidence {
  if (outcome.kind === 'failure') return breakerOutcomeOf(outcome.failure) === 'neutral' ? 'neutral' : 'transport-failure';
  return outcome.status >= 500 ? 'server-error' : 'answered';
}
