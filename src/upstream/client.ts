/**
 * The policy around upstream attempts: the per-operation request cap, the circuit breakers (the
 * caller's own and the origin's shared one, breakers.ts), the operation's deadline, the shutdown switch
 * and (for GET only) retries drawn from a process-wide retry budget. One attempt itself (wire request,
 * network, verdict) lives in attempt.ts and transport.ts; the /readyz check in readiness.ts.
 */
import type { GraphQLError } from 'graphql';
import type { CallerCredentials } from '../credentials';
import type { Logger } from '../logger';
import { buildWireRequest, judgeAttempt, type Rejection } from './attempt';
import { evidenceOf, UpstreamBreakers, type BreakerSettings, type BreakerStates, type BreakerTicket } from './breakers';
import { callerCircuitOpenError, circuitOpenError, requestLimitError, shutdownError, transportFailureError } from './errorMapping';
import { bodyLimitsOf, DEFAULT_JSON_LIMITS, type JsonLimits } from './jsonLimits';
import { ReadinessCheck, type Readiness } from './readiness';
import { RetryBudget, type RetryBudgetOptions } from './retryBudget';
import { planRetry, type RetryOptions } from './retryPolicy';
import { ShutdownSwitch } from './shutdown';
import { systemTime, type UpstreamTime } from './time';
import { UpstreamTransport, type TransportSettings, type WireRequest } from './transport';
import { classifyTransportError } from './transportFailure';
import type { UpstreamObserver } from '../observability/upstreamEvents';
import { observeAttempt, observedCallOf, retryCauseOf, type ObservedCall } from './observedAttempt';

/** What the configuration decides about the upstream (config.upstream is exactly this, every field set). */
export interface UpstreamSettings extends TransportSettings {
  /** Upstream bodies larger than this are refused (bytes). Default 10 MiB. */
  maxResponseBytes?: number;
  /** Most upstream requests (retries included) per CallScope. Default: no cap. */
  maxRequestsPerOperation?: number;
  /** GET retries. Default: 3 attempts, 100 ms base, 1 s max backoff, Retry-After up to 5 s. */
  retry?: RetryOptions;
  /**
   * Shared by every call of this client (per-caller budgets could not bound the upstream's extra load:
   * each caller's floor would add up). Default: 20% of calls plus 10 per 10 s window.
   */
  retryBudget?: RetryBudgetOptions;
  /** Default: 5 failures in a row, 5 s cool-down, 5xx to 3 distinct callers within 10 s (breakers.ts). */
  breaker?: BreakerSettings;
  /** Time allowed for the readiness check. Default 2 s. */
  readinessTimeoutMs?: number;
  /** Bounds on JSON values; bodies are checked against them times BODY_FACTOR (./jsonLimits.ts). Default 64 levels, 10,000 keys. */
  jsonLimits?: JsonLimits;
}

export interface UpstreamClientOptions extends UpstreamSettings {
  /** Clock, sleep and jitter (tests inject their own). */
  time?: UpstreamTime;
  logger: Logger;
}

export interface UpstreamCall {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** A path from a resource module (built from validated ids only). */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Every route but /workspaces is scoped by the Workspace-Id header. */
  needsWorkspace: boolean;
}

/** Per-GraphQL-request facts the client needs: who is calling, counters for logs and limits, the deadline. */
export interface CallScope {
  credentials: CallerCredentials;
  requestId: string;
  /** Network requests made so far (retries included; calls refused by the cap or the breaker are not). */
  stats: { upstreamRequests: number };
  /** Aborts every call of the operation when its deadline passes. */
  signal?: AbortSignal;
  /** Wall-clock time (Date.now()) at which `signal` fires; no retry waits past it. */
  deadlineAt?: number;
  /** Told about every attempt of the request (cost report, tracing, metrics); none when absent. */
  observers?: readonly UpstreamObserver[];
}

const DEFAULT_RETRY: RetryOptions = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, retryAfterMaxMs: 5000 };
const DEFAULT_BUDGET: RetryBudgetOptions = { ratio: 0.2, floor: 10, windowMs: 10_000 };
const DEFAULT_BREAKER: BreakerSettings = { failureThreshold: 5, cooldownMs: 5000, distinctCallers: 3, windowMs: 10_000 };

export class UpstreamClient {
  private readonly transport: UpstreamTransport;
  private readonly logger: Logger;
  private readonly time: UpstreamTime;
  private readonly retry: RetryOptions;
  private readonly budget: RetryBudget;
  private readonly breakers: UpstreamBreakers;
  private readonly shutdown = new ShutdownSwitch();
  private readonly maxRequestsPerOperation: number;
  private readonly readiness: ReadinessCheck;
  private readonly bodyLimits: JsonLimits;

  constructor(options: UpstreamClientOptions) {
    this.logger = options.logger;
    this.time = options.time ?? systemTime;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.maxRequestsPerOperation = options.maxRequestsPerOperation ?? Infinity;
    this.bodyLimits = bodyLimitsOf(options.jsonLimits ?? DEFAULT_JSON_LIMITS);
    this.budget = new RetryBudget(options.retryBudget ?? DEFAULT_BUDGET, () => this.time.now());
    this.breakers = new UpstreamBreakers(options.breaker ?? DEFAULT_BREAKER, () => this.time.now(), this.logger);
    this.transport = new UpstreamTransport({ ...options, maxResponseBytes: options.maxResponseBytes ?? 10 * 1024 * 1024 });
    this.readiness = new ReadinessCheck(this.transport, this.breakers.origin, options.readinessTimeoutMs ?? 2000, this.shutdown);
  }

  /**
   * Performs one upstream call and returns its parsed JSON body (null for an empty 2xx body).
   * A GET may be sent up to `retry.maxAttempts` times; any other method is sent at most once.
   */
  async call<T>(call: UpstreamCall, scope: CallScope): Promise<T> {
    const request = buildWireRequest(call, scope.credentials, this.transport.basePath);
    const caller = this.breakers.callerOf(scope.credentials);
    const cancel = this.shutdown.link(scope.signal);
    try {
      return await this.attempt<T>(request, scope, caller, cancel.signal, observedCallOf(call, scope));
    } finally {
      cancel.dispose();
    }
  }

  /** Attempts until one succeeds or a failure is final; `signal` fires at the deadline or the shutdown. */
  private async attempt<T>(request: WireRequest, scope: CallScope, caller: string, signal: AbortSignal, observed: ObservedCall | undefined): Promise<T> {
    let lastError: GraphQLError | undefined;
    let retryCause: string | undefined;
    for (let attempt = 1; ; attempt += 1) {
      const ticket = this.admit(request, scope, caller, signal, lastError);
      if (attempt === 1) this.budget.recordCall();
      scope.stats.upstreamRequests += 1;
      const watched = observed && observeAttempt(observed, request, scope, attempt, retryCause);
      const outcome = await this.transport.send(watched ? watched.wire : request, signal, scope.requestId);
      this.breakers.record(ticket, evidenceOf(outcome));
      const verdict = judgeAttempt<T>(outcome, request, { requestId: scope.requestId, logger: this.logger, bodyLimits: this.bodyLimits });
      watched?.end(outcome, verdict.ok);
      if (verdict.ok) return verdict.value;
      lastError = verdict.error;
      retryCause = retryCauseOf(outcome);
      const delayMs = this.retryDelay(verdict, attempt, request, scope, ticket);
      if (delayMs === undefined) throw verdict.error;
      this.logger.info({ requestId: scope.requestId, route: request.route, attempt, delayMs, status: outcome.status || undefined }, 'retrying upstream call');
      try {
        await this.time.sleep(delayMs, signal);
      } catch (error) {
        throw transportFailureError(classifyTransportError(error, 'head'), request.method);
      }
    }
  }

  /** Whether the upstream is usable (see readiness.ts). */
  checkReadiness(): Promise<Readiness> {
    return this.readiness.run();
  }

  /** The breakers' states now (read-only; the metrics read it at each scrape). */
  breakerStates(): BreakerStates {
    return this.breakers.states();
  }

  /**
   * Aborts every call in flight (their fields fail with "the gateway is shutting down") and refuses new
   * ones. Called when the shutdown grace period ends, and by close().
   */
  abortInFlight(): void {
    this.shutdown.fire();
  }

  /** Aborts what is still in flight, then closes the connection pool. */
  async close(): Promise<void> {
    this.shutdown.fire();
    await this.transport.close();
  }

  /**
   * Lets the next attempt through, or throws: when the operation's deadline passed, the gateway is
   * shutting down, the operation's request cap is reached or a breaker is open. A retry that is refused
   * fails with the previous attempt's error.
   */
  private admit(request: WireRequest, scope: CallScope, caller: string, signal: AbortSignal, lastError: GraphQLError | undefined): BreakerTicket {
    if (this.shutdown.fired) throw lastError ?? shutdownError(); // Never sent: safe to send again, even a write.
    if (signal.aborted) throw lastError ?? transportFailureError(classifyTransportError(signal.reason, 'head'), request.method);
    if (scope.stats.upstreamRequests >= this.maxRequestsPerOperation) {
      if (lastError) throw lastError;
      this.logger.warn({ requestId: scope.requestId, route: request.route, limit: this.maxRequestsPerOperation }, 'upstream request limit of the operation reached');
      throw requestLimitError(this.maxRequestsPerOperation);
    }
    const admission = this.breakers.admit(caller, request.route);
    if ('refusedBy' in admission) {
      if (lastError) throw lastError;
      const whose = admission.refusedBy === 'caller' ? "the caller's breaker for this route" : 'the shared breaker';
      this.logger.info({ requestId: scope.requestId, route: request.route }, `upstream call refused: ${whose} is open`);
      throw admission.refusedBy === 'caller' ? callerCircuitOpenError() : circuitOpenError();
    }
    return admission.ticket;
  }

  /** The wait before the next attempt, or undefined when this failure is final. */
  private retryDelay(verdict: Rejection, attempt: number, request: WireRequest, scope: CallScope, ticket: BreakerTicket): number | undefined {
    if (request.method !== 'GET') return undefined; // Writes are never retried.
    const plan = planRetry(verdict, attempt, this.retry, this.time.random);
    const log = { requestId: scope.requestId, route: request.route, attempt };
    if (!plan.retry) {
      if (plan.reason === 'retry-after-too-long') this.logger.info({ ...log, retryAfterMs: verdict.retryAfterMs }, 'not retrying: Retry-After exceeds the cap');
      return undefined;
    }
    if (scope.stats.upstreamRequests >= this.maxRequestsPerOperation) return undefined;
    if (scope.deadlineAt !== undefined && Date.now() + plan.delayMs >= scope.deadlineAt) {
      this.logger.info({ ...log, delayMs: plan.delayMs }, 'not retrying: the wait would pass the operation deadline');
      return undefined;
    }
    if (this.breakers.isOpenFor(ticket)) return undefined;
    if (!this.budget.tryRetry()) {
      this.logger.warn({ ...log, budget: this.budget.totals() }, 'not retrying: the retry budget is spent');
      return undefined;
    }
    return plan.delayMs;
  }
}
