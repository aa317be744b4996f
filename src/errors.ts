/**
 * Errors are API: every error a client sees carries a stable `extensions.code` and one clear sentence.
 * Anything unexpected is masked by `formatError` so no stack, URL, body or token ever leaves the gateway.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { TOKEN_LIMIT_MESSAGE } from './limits/refusal';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  STALE_CURSOR: 'STALE_CURSOR',
  NOT_FOUND: 'NOT_FOUND',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  FAILED_PRECONDITION: 'FAILED_PRECONDITION',
  RATE_LIMITED: 'RATE_LIMITED',
  UPSTREAM_ERROR: 'UPSTREAM_ERROR',
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  /** The operation would need more upstream requests than one operation may make. */
  UPSTREAM_REQUEST_LIMIT: 'UPSTREAM_REQUEST_LIMIT',
  /** A subscription over MAX_SUBSCRIPTIONS_PER_CONNECTION or MAX_SUBSCRIPTIONS_PER_PROCESS. */
  TOO_MANY_SUBSCRIPTIONS: 'TOO_MANY_SUBSCRIPTIONS',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Apollo Server's own request-level codes: the client's request was refused, and they are safe to pass through. */
export const APOLLO_REQUEST_CODES: readonly string[] = [
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
];

/** Codes the gateway itself produces, and Apollo's; any other error reaching formatError is masked. */
const KNOWN_CODES = new Set<string>([...Object.values(ErrorCode), ...APOLLO_REQUEST_CODES]);

/** Builds a client-facing error with a stable code. Extra extensions must never hold secrets. */
export function gatewayError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export function isGatewayError(error: unknown, code?: ErrorCode): error is GraphQLError {
  return error instanceof GraphQLError && (code === undefined || error.extensions.code === code);
}

/**
 * Apollo Server's formatError hook: keeps errors that carry a known code and masks everything else
 * (a bug or an unexpected exception) as INTERNAL_SERVER_ERROR with a generic sentence.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  return formatKnown(boundEchoes(formatted), error);
}

function formatKnown(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const overLimit = queryLimitRejection(formatted, error);
  if (overLimit) return overLimit;
  const original = unwrapResolverError(error);
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && KNOWN_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    // Drop anything but the code (and our own safe extras) from extensions: no stacktrace, ever.
    const { stacktrace: _stack, exception: _exception, ...safe } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { ...formatted, extensions: safe };
  }
  if (original instanceof GraphQLError && original.extensions.code === undefined && !original.originalError) {
    // A plain GraphQLError from graphql-js itself (e.g. variable coercion) is a client mistake.
    return { ...formatted, extensions: { code: ErrorCode.BAD_USER_INPUT } };
  }
  return {
    message: 'An unexpected error occurred while resolving this field.',
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

/**
 * The inbound limits (src/limits) reject with QUERY_TOO_COMPLEX. Apollo Server re-labels validation
 * errors GRAPHQL_VALIDATION_FAILED and parse errors GRAPHQL_PARSE_FAILED; this restores the code, and
 * words the token limit without echoing its threshold.
 */
function queryLimitRejection(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError | undefined {
  const cause = error instanceof GraphQLError ? error.originalError : undefined;
  const locations = formatted.locations ? { locations: formatted.locations } : {};
  if (cause instanceof GraphQLError && cause.extensions.code === ErrorCode.QUERY_TOO_COMPLEX) {
    return { message: formatted.message, ...locations, extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } };
  }
  if (formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED' && TOKEN_LIMIT_MESSAGE.test(formatted.message)) {
    return { message: 'The query document has more tokens than the gateway allows.', extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } };
  }
  if (formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED' && causedByStackOverflow(error)) {
    // The nesting scan (src/limits/nesting.ts) refuses such documents first; this is the last net.
    return { message: 'The query document nests more deeply than the gateway can parse.', extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } };
  }
  return undefined;
}

function causedByStackOverflow(error: unknown): boolean {
  for (let cause = error, hops = 0; cause instanceof Error && hops < 5; hops++) {
    if (cause instanceof RangeError) return true;
    cause = cause instanceof GraphQLError ? cause.originalError : undefined;
  }
  return false;
}

/** The most characters of one quoted piece of client input (a field name, a value) a message repeats (100, in LONG_QUOTE). */
const MAX_ECHO = 100;
/** The longest message sent at all: a last net for echoes graphql-js does not quote. */
const MAX_MESSAGE = 400;
const LONG_QUOTE = /"((?:[^"\\]|\\.){100})(?:[^"\\]|\\.)+"/g;

/**
 * graphql-js and Apollo quote client input in their messages (`Cannot query field "…"`), so a 900 KiB
 * field name would come back whole. Each quoted piece is cut to MAX_ECHO characters, and the message
 * to MAX_MESSAGE.
 */
function boundEchoes(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (formatted.message.length <= MAX_ECHO) return formatted;
  let message = formatted.message.replace(LONG_QUOTE, '"$1…"');
  if (message.length > MAX_MESSAGE) message = `${message.slice(0, MAX_MESSAGE - 1)}…`;
  return message === formatted.message ? formatted : { ...formatted, message };
}
