/**
 * One log line per error of a GraphQL response, with the request id, the field's path and the cause,
 * at a level that says whose fault it is: a gateway bug is `error` (with the original stack, which the
 * response never shows), a failing upstream `warn`, a client's own mistake only `debug`. Without it an
 * error masked by formatError would leave nothing in the log but the request line.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from './context';
import { APOLLO_REQUEST_CODES, ErrorCode } from './errors';
import type { Logger } from './logger';

/** Enough to see what went wrong in a response with one failing item per row of a page, and no flood. */
const MAX_LOGGED_ERRORS = 20;

/** Expected answers to what the client asked: not the gateway's or the upstream's fault. */
const CLIENT_MISTAKES = new Set<string>([
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.QUERY_TOO_COMPLEX,
  ErrorCode.STALE_CURSOR,
  ErrorCode.NOT_FOUND,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.FAILED_PRECONDITION,
  ...APOLLO_REQUEST_CODES,
]);

/** The upstream failed or refused: worth a look, not a gateway bug. */
const UPSTREAM_FAULTS = new Set<string>([ErrorCode.UPSTREAM_ERROR, ErrorCode.UPSTREAM_UNAVAILABLE, ErrorCode.UPSTREAM_REQUEST_LIMIT, ErrorCode.RATE_LIMITED]);

type Level = 'debug' | 'warn' | 'error';

export function createErrorLogPlugin(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors }) {
          // A throw here would turn the whole response into a 500: logging must never fail the request.
          try {
            logErrors(logger, contextValue.requestId, errors);
          } catch (error) {
            logger.error({ requestId: contextValue.requestId, err: error }, 'could not log the errors of a response');
          }
        },
      };
    },
  };
}

function logErrors(logger: Logger, requestId: string, errors: readonly GraphQLError[]): void {
  for (const error of errors.slice(0, MAX_LOGGED_ERRORS)) {
    const original = unwrapResolverError(error);
    const code = typeof error.extensions.code === 'string' ? error.extensions.code : undefined;
    const level = levelOf(code, error);
    const fields = { requestId, code: code ?? ErrorCode.INTERNAL_SERVER_ERROR, path: error.path?.join('.'), message: error.message };
    if (level === 'error') logger.error({ ...fields, err: original }, 'graphql error: unexpected failure (masked in the response)');
    else logger[level](fields, level === 'warn' ? 'graphql error: upstream fault' : 'graphql error: client request refused');
  }
  if (errors.length > MAX_LOGGED_ERRORS) logger.warn({ requestId, notLogged: errors.length - MAX_LOGGED_ERRORS }, 'graphql errors: more errors in this response');
}

function levelOf(code: string | undefined, error: GraphQLError): Level {
  if (code !== undefined && CLIENT_MISTAKES.has(code)) return 'debug';
  if (code !== undefined && UPSTREAM_FAULTS.has(code)) return 'warn';
  // graphql-js's own errors (a variable of the wrong type) carry no code and no cause: client mistakes too.
  if (code === undefined && !error.originalError) return 'debug';
  return 'error';
}
