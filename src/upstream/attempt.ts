/**
 * The two ends of one upstream attempt that do not touch the network: the request as it goes on the
 * wire (exactly the caller's Authorization and Workspace-Id, a JSON body, a query string built safely),
 * and the verdict on what came back (the parsed value, or the client-facing error plus what retries
 * need to know). Every rejection is logged here, once.
 */
import type { GraphQLError } from 'graphql';
import { upstreamHeadersFor, type CallerCredentials } from '../credentials';
import type { Logger } from '../logger';
import type { UpstreamCall } from './client';
import { mapUpstreamStatus, transportFailureError, unparsableBodyError } from './errorMapping';
import { parseRetryAfterMs, RETRYABLE_STATUSES } from './retryPolicy';
import type { Attempt, WireRequest } from './transport';

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

/** The parsed JSON body of a 2xx (null when empty), or the error the attempt ends in. */
export function judgeAttempt<T>(outcome: Attempt, request: WireRequest, requestId: string, logger: Logger): Verdict<T> {
  const log = { requestId, method: request.method, route: request.route };
  if (outcome.kind === 'failure') {
    logger.warn({ ...log, status: outcome.status || undefined, failure: outcome.failure, errorCode: outcome.errorCode }, 'upstream call failed');
    return { ok: false, error: transportFailureError(outcome.failure, request.method), retryable: outcome.failure === 'reset' };
  }
  const { status, text } = outcome;
  const body = parseJsonBody(text);
  if (status >= 200 && status < 300) {
    if (body.ok) return { ok: true, value: (body.value ?? null) as T };
    logger.warn({ ...log, status, upstreamBody: excerpt(text) }, 'upstream sent a body that is not JSON');
    return { ok: false, error: unparsableBodyError(status), retryable: false };
  }
  const mapped = mapUpstreamStatus(status, body.ok ? body.value : undefined);
  const detail = status >= 500 || (!body.ok && status !== 404) ? { upstreamDetail: mapped.detail, upstreamBody: excerpt(text) } : { upstreamDetail: mapped.detail };
  logger[status >= 500 ? 'error' : 'info']({ ...log, status, ...detail }, 'upstream answered with an error');
  return {
    ok: false,
    error: mapped.error,
    retryable: RETRYABLE_STATUSES.has(status),
    retryAfterMs: parseRetryAfterMs(outcome.headers['retry-after'], Date.now()),
  };
}

/** An empty body parses to undefined; only a non-empty body that is not JSON fails. */
function parseJsonBody(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The start of an upstream body, for logs only. */
function excerpt(text: string): string {
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
