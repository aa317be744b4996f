/**
 * What the streaming transports (GraphQL over WebSocket, GraphQL over SSE) do alike with an operation:
 * which caller they admit, the context they build, how they parse and validate a document, and how
 * errors leave. One place, so the two transports cannot drift apart.
 */
import { parse, specifiedRules, validate, type DocumentNode, type ExecutionResult, type GraphQLError, type GraphQLSchema, type Source, type ValidationRule } from 'graphql';
import { createContext, type ContextDependencies, type GatewayContext } from '../context';
import type { CallerCredentials } from '../credentials';
import { formatError } from '../errors';
import type { PollRegistry } from './registry';

export type HeaderLookup = (name: string) => string | undefined;

export interface StreamingOptions {
  schema: GraphQLSchema;
  /** The validation rules Apollo runs besides the spec's (src/apollo.ts). */
  validationRules: readonly ValidationRule[];
  maxTokens: number;
  /** What a context needs; no operation deadline applies, as a subscription lasts. */
  context: Omit<ContextDependencies, 'operationTimeoutMs'>;
  registry: PollRegistry;
}

export interface StreamingExecution {
  /** Parses with the gateway's token limit. */
  parse(source: string | Source): DocumentNode;
  /** The spec's rules and the gateway's. */
  validate(schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[];
  /** One operation's context: an HTTP request's, plus the shared poll loops. */
  createContext(header: HeaderLookup): GatewayContext;
}

export function createStreamingExecution(options: StreamingOptions): StreamingExecution {
  const rules = [...specifiedRules, ...options.validationRules];
  return {
    parse: (source) => parse(source, { maxTokens: options.maxTokens }),
    validate: (schema, document) => validate(schema, document, rules),
    createContext: (header) => ({ ...createContext(options.context, header), subscriptions: options.registry }),
  };
}

/** Whether credentials can start a subscription: one well-formed bearer token, and a well-formed Workspace-Id if any. */
export function admitsCaller(credentials: CallerCredentials): boolean {
  return credentials.problem === undefined && credentials.authorization !== undefined;
}

/** Errors leave as they do over HTTP: known codes kept, anything else masked. */
export function formatResult(result: ExecutionResult) {
  if (!result.errors) return result;
  return { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) };
}
