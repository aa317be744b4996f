/**
 * The Apollo Server plugin that gives each operation's trace (./operationTrace.ts) its start and end
 * points: the operation span from requestDidStart to willSendResponse, and the parse, validate and
 * execute phases. Apollo skips parsing and validation for a document already in its document cache,
 * so those two spans appear only when the phase ran.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../../context';
import { EXECUTE_SPAN, OperationTrace, PARSE_SPAN, VALIDATE_SPAN } from './operationTrace';

/** Stable codes for the phase failures (Apollo's own codes for them). */
const PARSE_FAILED = 'GRAPHQL_PARSE_FAILED';
const VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED';
const EXECUTION_FAILED = 'INTERNAL_SERVER_ERROR';

export function createTracingPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const operation = traceOf(contextValue);
      if (!operation) return;
      operation.begin();
      return {
        async parsingDidStart() {
          const end = operation.phase(PARSE_SPAN);
          return async (error) => end(error ? PARSE_FAILED : undefined);
        },
        async validationDidStart() {
          const end = operation.phase(VALIDATE_SPAN);
          return async (errors) => end(errors && errors.length > 0 ? VALIDATION_FAILED : undefined);
        },
        async didResolveOperation({ operation: definition, operationName }) {
          if (definition) operation.resolved(definition.operation, operationName ?? undefined);
        },
        async executionDidStart() {
          const end = operation.phase(EXECUTE_SPAN);
          return { executionDidEnd: async (error) => end(error ? EXECUTION_FAILED : undefined) };
        },
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          operation.end(errors && errors.length > 0 ? codeOf(errors[0]?.extensions?.code) : undefined);
        },
      };
    },
  };
}

/** The request's trace: its observer of that class (Apollo hands plugins a copy of the context, but the scope is shared). */
function traceOf(context: GatewayContext): OperationTrace | undefined {
  return context.scope.observers?.find((observer): observer is OperationTrace => observer instanceof OperationTrace);
}

function codeOf(code: unknown): string {
  return typeof code === 'string' && code ? code : EXECUTION_FAILED;
}
