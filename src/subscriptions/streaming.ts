/**
 * What the streaming transports (GraphQL over WebSocket, GraphQL over SSE) do alike once an operation is
 * admitted (./admission.ts): which callers may start one, the context each subscription gets, and how its
 * results leave. One place, so the two transports cannot drift apart.
 */
import type { ExecutionResult } from 'graphql';
import { createContext, type ContextDependencies, type GatewayContext } from '../context';
import type { CallerCredentials } from '../credentials';
import { formatError } from '../errors';
import { stripSuggestions } from '../limits/suggestions';
import type { PollRegistry } from './registry';

export type HeaderLookup = (name: string) => string | undefined;

/** One subscription's context, from its caller's credentials. */
export type StreamContextFactory = (header: HeaderLookup) => GatewayContext;

/**
 * An HTTP request's context plus the shared poll loops. No operation deadline applies
 * (`operationTimeoutMs` is left out), as a subscription lasts.
 */
export function createStreamContextFactory(dependencies: Omit<ContextDependencies, 'operationTimeoutMs'>, registry: PollRegistry): StreamContextFactory {
  return (header) => ({ ...createContext(dependencies, header), subscriptions: registry });
}

/** Whether credentials can start a subscription: one well-formed bearer token, and a well-formed Workspace-Id if any. */
export function admitsCaller(credentials: CallerCredentials): boolean {
  return credentials.problem === undefined && credentials.authorization !== undefined;
}

/**
 * Errors leave as they do over HTTP: known codes kept, anything else masked, and with introspection off no
 * "Did you mean …?" (as Apollo's plugin strips it over HTTP).
 */
export function formatResult(result: ExecutionResult, hideSuggestions: boolean) {
  if (!result.errors) return result;
  const errors = result.errors.map((error) => {
    const formatted = formatError(error.toJSON(), error);
    return hideSuggestions ? { ...formatted, message: stripSuggestions(formatted.message) } : formatted;
  });
  return { ...result, errors };
}
