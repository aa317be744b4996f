/**
 * Names what went wrong on the wire when an upstream call produced no usable response, from the
 * error's stable `code` (undici's UND_ERR_* or Node's E*), and says what each kind means for
 * retries, for the circuit breaker and for the client.
 */
import type { CallOutcome } from './circuitBreaker';

export type TransportFailureKind =
  /** No TCP/TLS connection within the connect timeout: nothing was sent. */
  | 'connect-timeout'
  /** Refused, unknown host, unreachable network: nothing was sent. */
  | 'refused'
  /** The connection broke after the request was sent and before the response began. */
  | 'reset'
  | 'headers-timeout'
  | 'body-timeout'
  /** The response began but its body ended early (closed, reset, shorter than Content-Length). */
  | 'incomplete'
  /** The body grew past the response size cap. */
  | 'too-large'
  /** Not HTTP at all. */
  | 'malformed'
  /** The operation's deadline fired. */
  | 'deadline'
  /** The gateway's shutdown grace period ended while the call was in flight (shutdown.ts). */
  | 'shutdown'
  /** The call was cancelled for another reason (e.g. the client went away). */
  | 'aborted'
  | 'other';

const REFUSED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETDOWN']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** `phase` is where the error surfaced: waiting for the response head, or reading the body. */
export function classifyTransportError(error: unknown, phase: 'head' | 'body'): TransportFailureKind {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  if (name === 'TimeoutError') return 'deadline';
  if (name === 'GatewayShutdownError') return 'shutdown';
  if (name === 'AbortError' || code === 'UND_ERR_ABORTED' || code === 'UND_ERR_ABORT') return 'aborted';
  if (typeof code !== 'string') return 'other';
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') return 'connect-timeout';
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return 'headers-timeout';
  if (code === 'UND_ERR_BODY_TIMEOUT') return 'body-timeout';
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') return 'too-large';
  if (code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') return 'incomplete';
  if (REFUSED.has(code)) return 'refused';
  if (RESET.has(code)) return phase === 'body' ? 'incomplete' : 'reset';
  if (code.startsWith('HPE_')) return 'malformed';
  return 'other';
}

/** What a failure proves about the upstream's health (cancellations and oversized replies prove nothing). */
export function breakerOutcomeOf(kind: TransportFailureKind): CallOutcome {
  return kind === 'deadline' || kind === 'aborted' || kind === 'shutdown' || kind === 'too-large' ? 'neutral' : 'failure';
}

/** True when the request surely never reached the upstream, so even a write's outcome is known. */
export function wasNeverSent(kind: TransportFailureKind): boolean {
  return kind === 'connect-timeout' || kind === 'refused';
}
