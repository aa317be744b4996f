/**
 * The two ends of one upstream attempt that do not touch the network: the request as it goes on the
 * wire (exactly the caller's Authorization and Workspace-Id, a JSON body, a query string built safely),
 * and the verdict on what came back (the parsed value, or the client-facing error plus what retries
 * and the circuit breaker need to know). Every rejection is logged here, once; whatever the upstream
 * said goes into the line only through loggableUpstreamText, which strips the caller's credentials.
 */
import type { GraphQLError } from 'graphql';
import { upstreamHeadersFor, type CallerCredentials } from '../credentials';
import type { Logger } from '../logger';
import type { UpstreamCall } from './client';
import { jsonBodyOverLimitsError, mapUpstreamStatus, transportFailureError, unparsableBodyError } from './errorMapping';
import { findJsonExcess, type JsonExcess, type JsonLimits } from './jsonLimits';
import { parseRetryAfterMs, RETRYABLE_STATUSES } from './retryPolicy';
import type { Attempt, WireRequest } from './transport';
import { loggableUpstreamText } from './upstreamLog';

/** One attempt judged: its value, or its client-facing error plus what retries need to know. */
type Verdict<T> = { ok: true; value: T } | Rejection;

export type Rejection = { ok: false; error: GraphQLError; retryable: boolean; retryAfterMs?: number };

export function buildWireRequest(call: UpstreamCall, credentials: CallerCredentials, basePath: string): WireRequest {
  const headers: Record<string, string> = {
    ...upstreamHeadersFor(credentials, call.needsWorkspace),
    accept: 'application/json',
  };
  let body: string | undefined;
  if (call.body !== undefined) {
    body = JSON.stringify(call.body);
    headers['content-type'] = 'application/json';
  }
  return { method: call.method, path: basePath + call.path + queryString(call.query), route: call.path, headers, body };
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

/** What judging an attempt needs besides the attempt: who asked, where to log, how big a body may be. */
export interface JudgeOptions {
  requestId: string;
  logger: Logger;
  /** A parsed body over these is refused (./jsonLimits.ts: the value limits times BODY_FACTOR). */
  bodyLimits: JsonLimits;
}

/** The parsed JSON body of a 2xx (null when empty), or the error the attempt ends in. */
export function judgeAttempt<T>(outcome: Attempt, request: WireRequest, { requestId, logger, bodyLimits }: JudgeOptions): Verdict<T> {
  const log = { requestId, method: request.method, route: request.route };
  if (outcome.kind === 'failure') {
    logger.warn({ ...log, status: outcome.status || undefined, failure: outcome.failure, errorCode: outcome.errorCode }, 'upstream call failed');
    return { ok: false, error: transportFailureError(outcome.failure, request.method), retryable: outcome.failure === 'reset' };
  }
  const { status, text } = outcome;
  const body = parseJsonBody(text, bodyLimits);
  if (!body.ok && body.excess) {
    logger.warn({ ...log, status, excess: body.excess }, `upstream sent a JSON body over the gateway's ${body.excess.kind === 'depth' ? 'depth' : 'key'} limit`);
  }
  if (status >= 200 && status < 300) {
    if (body.ok) return { ok: true, value: (body.value ?? null) as T };
    if (body.excess) return { ok: false, error: jsonBodyOverLimitsError(body.excess), retryable: false };
    logger.warn({ ...log, status, ...loggableUpstreamText(request, { upstreamBody: text }) }, 'upstream sent a body that is not JSON');
    return { ok: false, error: unparsableBodyError(status), retryable: false };
  }
  const mapped = mapUpstreamStatus(status, body.ok ? body.value : undefined);
  const withBody = status >= 500 || (!body.ok && status !== 404);
  const said = loggableUpstreamText(request, { upstreamDetail: mapped.detail, upstreamBody: withBody ? text : undefined });
  logger[status >= 500 ? 'error' : 'info']({ ...log, status, ...said }, 'upstream answered with an error');
  return {
    ok: false,
    error: mapped.error,
    retryable: RETRYABLE_STATUSES.has(status),
    retryAfterMs: parseRetryAfterMs(outcome.headers['retry-after'], Date.now()),
  };
}

/**
 * An empty body parses to undefined; a non-empty body fails when it is not JSON, or when it is JSON
 * over the body limits (`excess` says which). An error body that fails is read as if it had none.
 */
function parseJsonBody(text: string, limits: JsonLimits): { ok: true; value: unknown } | { ok: false; excess?: JsonExcess } {
  if (text.trim() === '') return { ok: true, value: undefined };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false };
  }
  const excess = findJsonExcess(value, limits);
  return excess ? { ok: false, excess } : { ok: true, value };
}
