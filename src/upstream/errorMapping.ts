/**
 * Turns an upstream failure into the client-facing GraphQL error. The upstream speaks four error
 * envelopes (plus the vendor docs' `{message, status}`); this module reads them all, keeps the detail
 * for logs, and gives the client only a stable code and one sentence of its own.
 */
import type { GraphQLError } from 'graphql';
import { ErrorCode, gatewayError } from '../errors';

/** The upstream's own words, extracted for logging and for the few messages we translate. */
export function upstreamDetail(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  const errors = record.errors;
  if (Array.isArray(errors)) {
    // Envelopes A (render_error) and C (catch-all bad request).
    const details = errors
      .map((e) => (e && typeof e === 'object' ? (e as Record<string, unknown>).detail ?? (e as Record<string, unknown>).title : undefined))
      .filter((d): d is string => typeof d === 'string');
    return details.join('; ') || undefined;
  }
  if (errors && typeof errors === 'object') {
    // Envelope B (contract validation): {"errors": {"page": ["must be an integer"]}}.
    return flattenContractErrors(errors as Record<string, unknown>).join('; ') || undefined;
  }
  if (typeof record.error === 'string') return record.error; // Envelope D and the 429 body.
  if (typeof record.message === 'string') return record.message; // Vendor docs' shape.
  return undefined;
}

function flattenContractErrors(errors: Record<string, unknown>, prefix = ''): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(errors)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (Array.isArray(value)) out.push(...value.filter((m) => typeof m === 'string').map((m) => `${name} ${m}`));
    else if (value && typeof value === 'object') out.push(...flattenContractErrors(value as Record<string, unknown>, name));
  }
  return out;
}

/** Parameter names from envelope B, safe to name to the client (they are our own query parameters). */
function contractParameterNames(body: unknown): string[] {
  if (!body || typeof body !== 'object') return [];
  const errors = (body as Record<string, unknown>).errors;
  if (!errors || typeof errors !== 'object' || Array.isArray(errors)) return [];
  return Object.keys(errors).filter((k) => /^[a-z_]{1,40}$/.test(k));
}

/** Known 424 answers of the schedule routes, translated into sentences the client can act on. */
const PRECONDITION_MESSAGES: Array<[RegExp, string]> = [
  [/active sync run/i, 'A run of this sync is already active; wait for it to finish or cancel it first.'],
  [/disabled/i, 'The sync is disabled; enable it before triggering a run.'],
  [/schedule type should be manual/i, 'Only syncs with a manual schedule can be triggered on demand.'],
  [/no active sync run/i, 'The sync has no active run to cancel.'],
];

export interface MappedUpstreamError {
  error: GraphQLError;
  /** Upstream detail for the logs (never sent to the client). */
  detail: string | undefined;
}

/** Maps an upstream HTTP status and its (parsed, possibly undefined) body to a client-facing error. */
export function mapUpstreamStatus(status: number, body: unknown): MappedUpstreamError {
  const detail = upstreamDetail(body);
  const http = { status };
  const make = (code: ErrorCode, message: string) => ({ error: gatewayError(code, message, { http }), detail });

  if (status === 400) {
    if (detail && /workspace/i.test(detail)) {
      return make(ErrorCode.BAD_USER_INPUT, 'The Workspace-Id header is missing or names a workspace you cannot access.');
    }
    const params = contractParameterNames(body);
    if (params.length > 0) {
      return make(ErrorCode.BAD_USER_INPUT, `The AI Squared API rejected the value of ${params.map((p) => `"${p}"`).join(', ')}.`);
    }
    return make(ErrorCode.BAD_USER_INPUT, 'The AI Squared API rejected the request as malformed.');
  }
  if (status === 401) return make(ErrorCode.UNAUTHENTICATED, 'The AI Squared API rejected the bearer token: it is missing, invalid or expired.');
  if (status === 403) return make(ErrorCode.FORBIDDEN, 'Your role in this workspace does not allow this action.');
  if (status === 404) return make(ErrorCode.NOT_FOUND, 'The requested resource does not exist in this workspace.');
  if (status === 422) return make(ErrorCode.BAD_USER_INPUT, 'The AI Squared API rejected the submitted values.');
  if (status === 424) {
    const known = PRECONDITION_MESSAGES.find(([pattern]) => detail !== undefined && pattern.test(detail));
    return make(ErrorCode.FAILED_PRECONDITION, known ? known[1] : 'The sync is not in a state that allows this action.');
  }
  if (status === 429) return make(ErrorCode.RATE_LIMITED, 'The AI Squared API is rate limiting these requests; retry later.');
  return make(ErrorCode.UPSTREAM_ERROR, `The AI Squared API failed to answer this request (HTTP ${status}).`);
}

export function unparsableBodyError(status: number): GraphQLError {
  return gatewayError(ErrorCode.UPSTREAM_ERROR, `The AI Squared API sent a response that is not valid JSON (HTTP ${status}).`, { http: { status } });
}

export function unavailableError(reason: 'timeout' | 'connection'): GraphQLError {
  return gatewayError(
    ErrorCode.UPSTREAM_UNAVAILABLE,
    reason === 'timeout' ? 'The AI Squared API did not answer in time.' : 'The AI Squared API could not be reached.',
  );
}
