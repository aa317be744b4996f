/**
 * Errors are API: every error a client sees carries a stable `extensions.code` and one clear sentence.
 * Anything unexpected is masked by `formatError` so no stack, URL, body or token ever leaves the gateway.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

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
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes the gateway itself produces; any other error reaching formatError is masked. */
const KNOWN_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  // Apollo Server's own request-level codes are safe to pass through.
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

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
  if (formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED' && /^Syntax Error: Document contains more th[ae][nt] \d+ tokens/.test(formatted.message)) {
    return { message: 'The query document has more tokens than the gateway allows.', extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } };
  }
  return undefined;
}
