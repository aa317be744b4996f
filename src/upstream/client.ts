/**
 * The only importer of undici. One keep-alive pool to the configured upstream origin; every call
 * carries explicit timeouts and the operation's deadline, forwards exactly the caller's Authorization
 * and Workspace-Id, consumes the response body on every path, never follows redirects, and maps every
 * failure to a GraphQL error. Around each call: the per-operation request cap, the circuit breaker,
 * and (for GET only) retries drawn from a process-wide retry budget.
 */
import { Pool } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
import type { GraphQLError } from 'graphql';
import { upstreamHeadersFor, type CallerCredentials } from '../credentials';
import type { Logger } from '../logger';
import { CircuitBreaker, type BreakerState, type CallOutcome, type CircuitBreakerOptions } from './circuitBreaker';
import { circuitOpenError, mapUpstreamStatus, requestLimitError, transportFailureError, unparsableBodyError } from './errorMapping';
import { RetryBudget, type RetryBudgetOptions } from './retryBudget';
import { parseRetryAfterMs, planRetry, RETRYABLE_STATUSES, type RetryOptions } from './retryPolicy';
import { systemTime, type UpstreamTime } from './time';
import { breakerOutcomeOf, classifyTransportError, type TransportFailureKind } from './transportFailure';

export interface UpstreamClientOptions {
  /** Origin plus optional base path, e.g. https://api.squared.ai or http://127.0.0.1:3000/prefix. */
  baseUrl: string;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  keepAliveTimeoutMs: number;
  connections: number;
  /** Upstream bodies larger than this are refused (bytes). Default 10 MiB. */
  maxResponseBytes?: number;
  /** Most upstream requests (retries included) per CallScope. Default: no cap. */
  maxRequestsPerOperation?: number;
  /** GET retries. Default: 3 attempts, 100 ms base, 1 s max backoff, Retry-After up to 5 s. */
  retry?: RetryOptions;
  /** Shared by every call of this client. Default: 20% of calls plus 10 per 10 s window. */
  retryBudget?: RetryBudgetOptions;
  /** Default: opens after 5 consecutive failures, probes after 5 s. */
  breaker?: CircuitBreakerOptions;
  /** Time allowed for the readiness check. Default 2 s. */
  readinessTimeoutMs?: number;
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
}

/** What /readyz reports: whether calls would go through and the upstream answers. */
export interface Readiness {
  ready: boolean;
  breaker: BreakerState;
  upstream: 'reachable' | 'failing' | 'unreachable' | 'not-checked';
}

interface WireRequest {
  method: UpstreamCall['method'];
  path: string;
  route: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** How one network attempt ended: a whole response, or no usable response. */
type Attempt =
  | { kind: 'response'; status: number; headers: IncomingHttpHeaders; text: string }
  | { kind: 'failure'; failure: TransportFailureKind; errorCode: string | undefined; status: number };

/** One attempt judged: its value, or its client-facing error plus what retries need to know. */
type Verdict<T> = { ok: true; value: T } | { ok: false; error: GraphQLError; retryable: boolean; retryAfterMs?: number };

/** Answers without credentials (401) when the API is up; the workspace list never needs a Workspace-Id. */
const READINESS_ROUTE = '/api/v1/workspaces';
const DEFAULT_RETRY: RetryOptions = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, retryAfterMaxMs: 5000 };
const DEFAULT_BUDGET: RetryBudgetOptions = { ratio: 0.2, floor: 10, windowMs: 10_000 };
const DEFAULT_BREAKER: CircuitBreakerOptions = { failureThreshold: 5, cooldownMs: 5000 };

export class UpstreamClient {
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly logger: Logger;
  private readonly time: UpstreamTime;
  private readonly retry: RetryOptions;
  private readonly budget: RetryBudget;
  private readonly breaker: CircuitBreaker;
  private readonly maxRequestsPerOperation: number;
  private readinessCheck: Promise<Readiness> | undefined;

  constructor(private readonly options: UpstreamClientOptions) {
    const url = new URL(options.baseUrl);
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.logger = options.logger;
    this.time = options.time ?? systemTime;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.maxRequestsPerOperation = options.maxRequestsPerOperation ?? Infinity;
    this.budget = new RetryBudget(options.retryBudget ?? DEFAULT_BUDGET, () => this.time.now());
    this.breaker = new CircuitBreaker(
      options.breaker ?? DEFAULT_BREAKER,
      () => this.time.now(),
      (from, to) => this.logger[to === 'open' ? 'warn' : 'info']({ from, to }, `upstream circuit breaker is ${to}`),
    );
    this.pool = new Pool(url.origin, {
      connections: options.connections,
      connectTimeout: options.connectTimeoutMs,
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.bodyTimeoutMs,
      keepAliveTimeout: options.keepAliveTimeoutMs,
      maxResponseSize: options.maxResponseBytes ?? 10 * 1024 * 1024,
      // HTTP/1.1 keep-alive only: one stale HTTP/2 session must not fail many requests at once.
      allowH2: false,
    });
  }

  /**
   * Performs one upstream call and returns its parsed JSON body (null for an empty 2xx body).
   * A GET may be sent up to `retry.maxAttempts` times; any other method is sent at most once.
   */
  async call<T>(call: UpstreamCall, scope: CallScope): Promise<T> {
    const request = this.wireRequest(call, scope);
    let lastError: GraphQLError | undefined;
    for (let attempt = 1; ; attempt += 1) {
      if (scope.signal?.aborted) throw lastError ?? transportFailureError(classifyTransportError(scope.signal.reason, 'head'), call.method);
      if (scope.stats.upstreamRequests >= this.maxRequestsPerOperation) {
        if (lastError) throw lastError;
        this.logger.warn({ requestId: scope.requestId, route: request.route, limit: this.maxRequestsPerOperation }, 'upstream request limit of the operation reached');
        throw requestLimitError(this.maxRequestsPerOperation);
      }
      const permit = this.breaker.tryAcquire();
      if (!permit) {
        if (lastError) throw lastError;
        this.logger.info({ requestId: scope.requestId, route: request.route }, 'upstream call refused: circuit breaker is open');
        throw circuitOpenError();
      }
      if (attempt === 1) this.budget.recordCall();
      scope.stats.upstreamRequests += 1;
      const outcome = await this.send(request, scope.signal, scope.requestId);
      this.breaker.record(permit, outcomeForBreaker(outcome));
      const verdict = this.judge<T>(outcome, request, scope);
      if (verdict.ok) return verdict.value;
      lastError = verdict.error;
      const delayMs = this.retryDelay(verdict, attempt, request, scope);
      if (delayMs === undefined) throw verdict.error;
      this.logger.info({ requestId: scope.requestId, route: request.route, attempt, delayMs, status: statusOf(outcome) }, 'retrying upstream call');
      try {
        await this.time.sleep(delayMs, scope.signal);
      } catch (error) {
        throw transportFailureError(classifyTransportError(error, 'head'), call.method);
      }
    }
  }

  /**
   * Whether the upstream is usable: the breaker lets calls through and the API answers a request
   * without credentials (a 401 proves it is up). Concurrent checks share one request; the check
   * counts as a call for the breaker, so a half-open breaker can close on it.
   */
  checkReadiness(): Promise<Readiness> {
    this.readinessCheck ??= this.probeReadiness().finally(() => {
      this.readinessCheck = undefined;
    });
    return this.readinessCheck;
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private async probeReadiness(): Promise<Readiness> {
    const permit = this.breaker.tryAcquire();
    if (!permit) return { ready: false, breaker: this.breaker.state, upstream: 'not-checked' };
    const route = READINESS_ROUTE;
    const outcome = await this.send(
      { method: 'GET', path: this.basePath + route, route, headers: { accept: 'application/json' }, body: undefined },
      AbortSignal.timeout(this.options.readinessTimeoutMs ?? 2000),
      'readiness',
    );
    this.breaker.record(permit, outcomeForBreaker(outcome));
    const upstream = outcome.kind === 'failure' ? 'unreachable' : outcome.status >= 500 ? 'failing' : 'reachable';
    return { ready: upstream === 'reachable', breaker: this.breaker.state, upstream };
  }

  private wireRequest(call: UpstreamCall, scope: CallScope): WireRequest {
    const headers: Record<string, string> = {
      ...upstreamHeadersFor(scope.credentials, call.needsWorkspace),
      accept: 'application/json',
    };
    let body: string | undefined;
    if (call.body !== undefined) {
      body = JSON.stringify(call.body);
      headers['content-type'] = 'application/json';
    }
    return { method: call.method, path: this.basePath + call.path + queryString(call.query), route: call.path, headers, body };
  }

  /** One network request; never throws. The body is read to its end (or the size cap) on every path. */
  private async send(request: WireRequest, signal: AbortSignal | undefined, requestId: string): Promise<Attempt> {
    const started = performance.now();
    let status = 0;
    try {
      const response = await this.pool
        .request({ method: request.method, path: request.path, headers: request.headers, body: request.body, signal, idempotent: request.method === 'GET' })
        .catch((error: unknown) => ({ error }));
      if ('error' in response) return failureOf(response.error, 'head', 0);
      status = response.statusCode;
      try {
        return { kind: 'response', status, headers: response.headers, text: await response.body.text() };
      } catch (error) {
        return failureOf(error, 'body', status);
      }
    } finally {
      this.logger.debug({ requestId, method: request.method, route: request.route, status, ms: Math.round(performance.now() - started) }, 'upstream call');
    }
  }

  private judge<T>(outcome: Attempt, request: WireRequest, scope: CallScope): Verdict<T> {
    const log = { requestId: scope.requestId, method: request.method, route: request.route };
    if (outcome.kind === 'failure') {
      this.logger.warn({ ...log, status: outcome.status || undefined, failure: outcome.failure, errorCode: outcome.errorCode }, 'upstream call failed');
      return { ok: false, error: transportFailureError(outcome.failure, request.method), retryable: outcome.failure === 'reset' };
    }
    const { status, text } = outcome;
    let parsed: unknown;
    let parseFailed = false;
    if (text.trim() !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parseFailed = true;
      }
    }
    if (status >= 200 && status < 300) {
      if (!parseFailed) return { ok: true, value: (parsed ?? null) as T };
      this.logger.warn({ ...log, status, upstreamBody: excerpt(text) }, 'upstream sent a body that is not JSON');
      return { ok: false, error: unparsableBodyError(status), retryable: false };
    }
    const mapped = mapUpstreamStatus(status, parseFailed ? undefined : parsed);
    const detail = status >= 500 || (parseFailed && status !== 404) ? { upstreamDetail: mapped.detail, upstreamBody: excerpt(text) } : { upstreamDetail: mapped.detail };
    this.logger[status >= 500 ? 'error' : 'info']({ ...log, status, ...detail }, 'upstream answered with an error');
    return {
      ok: false,
      error: mapped.error,
      retryable: RETRYABLE_STATUSES.has(status),
      retryAfterMs: parseRetryAfterMs(outcome.headers['retry-after'], Date.now()),
    };
  }

  /** The wait before the next attempt, or undefined when this failure is final. */
  private retryDelay(verdict: Extract<Verdict<unknown>, { ok: false }>, attempt: number, request: WireRequest, scope: CallScope): number | undefined {
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
    if (this.breaker.state === 'open') return undefined;
    if (!this.budget.tryRetry()) {
      this.logger.warn({ ...log, budget: this.budget.totals() }, 'not retrying: the retry budget is spent');
      return undefined;
    }
    return plan.delayMs;
  }
}

function failureOf(error: unknown, phase: 'head' | 'body', status: number): Attempt {
  const code = (error as { code?: unknown } | null)?.code;
  return { kind: 'failure', failure: classifyTransportError(error, phase), errorCode: typeof code === 'string' ? code : undefined, status };
}

/** Transport failures and 5xx count against the upstream; any other answer proves it is up. */
function outcomeForBreaker(outcome: Attempt): CallOutcome {
  if (outcome.kind === 'failure') return breakerOutcomeOf(outcome.failure);
  return outcome.status >= 500 ? 'failure' : 'success';
}

function statusOf(outcome: Attempt): number | undefined {
  return outcome.status || undefined;
}

/** The start of an upstream body, for logs only. */
function excerpt(text: string): string {
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

/** Query strings are built with URLSearchParams, never by concatenation. */
function queryString(query: UpstreamCall['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
