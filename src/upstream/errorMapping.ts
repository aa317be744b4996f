/**
 * Turns an upstream failure into the client-facing GraphQL error. The upstream speaks five error
 * envelopes (docs/upstream-contract.md §4.2, plus the vendor docs' `{message, status}`); this module reads
 * them all (src/upstream/errorBody.ts reads their words), recognises them by status and shape (a few by a fragment of their detail, never by a whole
 * text), keeps the detail for logs, and gives the client only a stable code and one sentence of its own. Errors carry no
 * `http` extension: one failing field must not change the HTTP status of a response whose other
 * fields hold data.
 */
import type { GraphQLError } from 'graphql';
import { ErrorCode, gatewayError, isGatewayError } from '../errors';
import { tagRefusal } from '../limits/refusal';
import { contractFieldNames, quoted, upstreamDetail, validationFieldNames } from './errorBody';
import type { JsonExcess } from './jsonLimits';
import { wasNeverSent, type TransportFailureKind } from './transportFailure';

/**
 * Known 424 answers of the schedule routes, translated into sentences the client can act on. The first
 * match wins, so "no active sync run" (cancel) is tested before "active sync run" (trigger).
 */
const PRECONDITION_MESSAGES: Array<[RegExp, string]> = [
  [/no active sync run/i, 'The sync has no active run to cancel.'],
  [/active sync run/i, 'A run of this sync is already active; wait for it to finish or cancel it first.'],
  [/disabled/i, 'The sync is disabled; enable it before running or canceling it.'],
  [/schedule type should be manual/i, 'Only syncs with a manual schedule can be run or canceled on demand.'],
];

export interface MappedUpstreamError {
  error: GraphQLError;
  /** Upstream detail for the logs (never sent to the client). */
  detail: string | undefined;
}

/** What a role without the needed permission is told, unless the caller knows which permission it was. */
const ROLE_REFUSAL = 'Your role in this workspace does not allow this action.';

/** True for the plain "your role may not" refusal (not, say, the EULA one), which a write can word more precisely. */
export function isRoleRefusal(error: unknown): error is GraphQLError {
  return isGatewayError(error, ErrorCode.FORBIDDEN) && error.message === ROLE_REFUSAL;
}

type Make = (code: ErrorCode, message: string) => MappedUpstreamError;

/** Maps an upstream HTTP status and its (parsed, possibly undefined) body to a client-facing error. */
export function mapUpstreamStatus(status: number, body: unknown): MappedUpstreamError {
  const detail = upstreamDetail(body);
  const make: Make = (code, message) => ({ error: gatewayError(code, message), detail });

  if (status === 400) return mapBadRequest(body, detail, make);
  if (status === 401) return make(ErrorCode.UNAUTHENTICATED, 'The AI Squared API rejected the bearer token: it is missing, invalid or expired.');
  if (status === 403) {
    // A hosted build refuses every call of a user who has not accepted its licence yet.
    if (detail && /\bEULA\b/i.test(detail)) {
      return make(ErrorCode.FORBIDDEN, 'The AI Squared API requires you to accept its end-user licence agreement (EULA) before using the API.');
    }
    return make(ErrorCode.FORBIDDEN, ROLE_REFUSAL);
  }
  if (status === 404) return make(ErrorCode.NOT_FOUND, 'The requested resource does not exist in this workspace.');
  if (status === 422) return mapUnprocessable(body, make);
  if (status === 424) {
    const known = PRECONDITION_MESSAGES.find(([pattern]) => detail !== undefined && pattern.test(detail));
    return make(ErrorCode.FAILED_PRECONDITION, known ? known[1] : 'The sync is not in a state that allows this action.');
  }
  if (status === 429) return make(ErrorCode.RATE_LIMITED, 'The AI Squared API is rate limiting these requests; retry later.');
  return make(ErrorCode.UPSTREAM_ERROR, `The AI Squared API failed to answer this request (HTTP ${status}).`);
}

/**
 * Rails' own exception answer (`{"status":400,"error":"Bad Request"}`, or no body without a JSON Accept):
 * the request body could not be parsed before any action ran.
 */
function isFrameworkAnswer(body: unknown): boolean {
  if (body === undefined) return true;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  const record = body as Record<string, unknown>;
  return record.errors === undefined && typeof record.status === 'number' && typeof record.error === 'string';
}

function mapBadRequest(body: unknown, detail: string | undefined, make: Make): MappedUpstreamError {
  if (isFrameworkAnswer(body)) {
    // The gateway only sends JSON it built itself: something between it and the API mangled the request.
    return make(ErrorCode.UPSTREAM_ERROR, 'The AI Squared API could not read the request the gateway sent (HTTP 400).');
  }
  // Envelope C from the sync's state machine: enabling a sync that is not disabled, or disabling one that is.
  if (detail && /cannot transition from/i.test(detail)) {
    return make(ErrorCode.FAILED_PRECONDITION, "The sync's current status does not allow this change; read its status and try again.");
  }
  // Envelope C; hosted builds may append the id (`Workspace not found: workspace_id=…`).
  if (detail && /workspace/i.test(detail)) {
    return make(ErrorCode.BAD_USER_INPUT, 'The Workspace-Id header is missing or names a workspace you cannot access.');
  }
  const names = contractFieldNames(body);
  if (names.length > 0) return make(ErrorCode.BAD_USER_INPUT, `The AI Squared API rejected the value of ${quoted(names)}.`);
  return make(ErrorCode.BAD_USER_INPUT, 'The AI Squared API rejected the request as malformed.');
}

function mapUnprocessable(body: unknown, make: Make): MappedUpstreamError {
  const names = validationFieldNames(body);
  if (names.length > 0) return make(ErrorCode.BAD_USER_INPUT, `The AI Squared API rejected the submitted value of ${quoted(names)}.`);
  // `{"error":"param is missing or the value is empty: sync"}`: a required body key is absent. Only a
  // plain parameter name is repeated, read from the end of the text.
  const bare = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  if (bare && bare.errors === undefined && typeof bare.error === 'string') {
    const name = /:\s*([a-z_]{1,40})\s*$/.exec(bare.error)?.[1];
    return make(
      ErrorCode.BAD_USER_INPUT,
      name ? `The AI Squared API found the required parameter "${name}" missing or empty.` : 'The AI Squared API found a required parameter missing or empty.',
    );
  }
  return make(ErrorCode.BAD_USER_INPUT, 'The AI Squared API rejected the submitted values.');
}

/** A 2xx whose body is not JSON (HTML from a proxy, a truncated document). */
export function unparsableBodyError(status: number): GraphQLError {
  return gatewayError(ErrorCode.UPSTREAM_ERROR, `The AI Squared API sent a response that is not valid JSON (HTTP ${status}).`);
}

/** A body whose JSON nests deeper, or holds more keys, than a body may (./jsonLimits.ts). */
export function jsonBodyOverLimitsError(excess: JsonExcess): GraphQLError {
  const what = excess.kind === 'keys' ? `with more keys and items than the gateway reads (${excess.limit})` : excess.kind === 'depth' ? `nested deeper than the gateway reads (${excess.limit} levels)` : 'that is not JSON';
  return gatewayError(ErrorCode.UPSTREAM_ERROR, `The AI Squared API sent a response ${what}.`);
}

/**
 * The error for a call that produced no usable response. A write (anything but GET) that may have
 * reached the upstream says so: its outcome is unknown, and it is never retried.
 */
export function transportFailureError(kind: TransportFailureKind, method: string): GraphQLError {
  const unavailable = (message: string) => gatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, message);
  const failed = (message: string) => gatewayError(ErrorCode.UPSTREAM_ERROR, message);
  if (kind === 'shutdown') return method === 'GET' ? shutdownError() : unavailable(SHUTDOWN_DURING_WRITE);
  if (method !== 'GET' && !wasNeverSent(kind) && kind !== 'too-large' && kind !== 'malformed') {
    return unavailable('The connection to the AI Squared API failed before it confirmed this change, so it may or may not have been applied; check before retrying.');
  }
  switch (kind) {
    case 'connect-timeout':
    case 'headers-timeout':
    case 'body-timeout':
      return unavailable('The AI Squared API did not answer in time.');
    case 'deadline':
      return unavailable('The AI Squared API did not answer within the time this operation is allowed.');
    case 'aborted':
      return unavailable('The request to the AI Squared API was cancelled.');
    case 'incomplete':
      return failed('The AI Squared API sent an incomplete response.');
    case 'too-large':
      return failed('The AI Squared API sent a response larger than the gateway accepts.');
    case 'malformed':
      return failed('The AI Squared API sent a response that is not valid HTTP.');
    default:
      return unavailable('The AI Squared API could not be reached.');
  }
}

const SHUTDOWN_DURING_WRITE =
  'The gateway is shutting down and stopped waiting for the AI Squared API to confirm this change, so it may or may not have been applied; check before retrying.';

/** The gateway is shutting down: the call was not made, or a read was cut off (nothing changed upstream). */
export function shutdownError(): GraphQLError {
  return gatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, 'The gateway is shutting down; retry the request.');
}

/** The shared circuit breaker is open: the call was not made. */
export function circuitOpenError(): GraphQLError {
  return gatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, 'The AI Squared API is failing, so the gateway is not calling it for a few seconds; retry shortly.');
}

/** The caller's own breaker for this route is open (its last calls got 5xx answers): the call was not made. */
export function callerCircuitOpenError(): GraphQLError {
  return gatewayError(
    ErrorCode.UPSTREAM_UNAVAILABLE,
    'The AI Squared API keeps failing this request for your credentials, so the gateway is not sending it for a few seconds; retry shortly.',
  );
}

/** The operation has used up its upstream requests: the call was not made. */
export function requestLimitError(max: number): GraphQLError {
  const refusal = gatewayError(
    ErrorCode.UPSTREAM_REQUEST_LIMIT,
    `This operation needs more than ${max} requests to the AI Squared API, the most one operation may make; ask for fewer items or split the query.`,
  );
  return tagRefusal(refusal, 'upstream_requests');
}
