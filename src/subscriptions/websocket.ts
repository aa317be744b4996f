/**
 * GraphQL over WebSocket (the graphql-ws protocol, served by the graphql-ws library on a `ws` server) at
 * the gateway's own port and GraphQL path. The caller's credentials come in `connection_init`'s payload
 * (`Authorization`, `Workspace-Id`), or in the upgrade request's headers when the payload has no
 * `Authorization` (./connectionCredentials.ts), and are checked before any subscription starts: missing
 * or malformed, the socket closes with the protocol's 4403. Each subscription gets a context built as an
 * HTTP request's is, and runs against the same schema and validation rules. No connection counts as the
 * federation router (routers fetch entities over HTTP), so with ROUTER_SECRET set `_service` and
 * `_entities` are refused here.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError, Kind, parse, specifiedRules, validate, type DocumentNode, type ExecutionResult, type GraphQLSchema, type ValidationRule } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { createContext, type ContextDependencies } from '../context';
import { readCallerCredentials } from '../credentials';
import { ErrorCode, formatError, gatewayError } from '../errors';
import { routerOnlyRootField } from '../federation/routerGate';
import { connectionCredentialsLookup } from './connectionCredentials';
import type { PollRegistry } from './registry';

export interface WebSocketTransportOptions {
  httpServer: Server;
  path: string;
  schema: GraphQLSchema;
  validationRules: readonly ValidationRule[];
  maxTokens: number;
  /** ROUTER_SECRET is set: `_service` and `_entities` are the router's, which never comes over WebSocket. */
  refuseRouterFields: boolean;
  /** What a context needs; no operation deadline applies, as a subscription lasts. */
  context: Omit<ContextDependencies, 'operationTimeoutMs'>;
  registry: PollRegistry;
}

export interface WebSocketTransport {
  /** Ends every subscription (each completes), then closes the sockets (1001 Going Away). */
  close(): Promise<void>;
}

export function attachWebSocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  const { httpServer, path, registry } = options;
  const wss = new WebSocketServer({ noServer: true });
  const streams = new OpenStreams();
  const rules = [...specifiedRules, ...options.validationRules];
  const server = useServer(
    {
      schema: options.schema,
      parse: (source) => parse(source, { maxTokens: options.maxTokens }),
      validate: (schema, document) => {
        const errors = validate(schema, document, rules);
        return errors.length > 0 || !options.refuseRouterFields ? errors : refusedRouterFields(document);
      },
      onConnect: (ctx) => {
        const credentials = readCallerCredentials(connectionCredentialsLookup(ctx.connectionParams, ctx.extra.request));
        // false: graphql-ws closes the socket with 4403 Forbidden before any subscription.
        return credentials.problem === undefined && credentials.authorization !== undefined;
      },
      context: (ctx) => ({
        ...createContext(options.context, connectionCredentialsLookup(ctx.connectionParams, ctx.extra.request)),
        subscriptions: registry,
      }),
      onOperation: (_ctx, _id, payload, _args, result) => {
        if (isAsyncIterable(result)) streams.open(payload);
      },
      onNext: (_ctx, _id, _payload, _args, result) => formatResult(result),
      onComplete: (_ctx, _id, payload) => streams.close(payload),
      onError: (_ctx, _id, payload, errors) => {
        streams.close(payload);
        return errors.map((error) => formatError(error.toJSON(), error));
      },
    },
    wss,
  );
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (new URL(request.url ?? '/', 'http://gateway').pathname !== path) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  httpServer.on('upgrade', onUpgrade);
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    httpServer.off('upgrade', onUpgrade);
    registry.stopAll();
    await streams.allClosed();
    // The complete messages are queued on their sockets a few microtasks after their streams end; a
    // socket closed before would drop them.
    await new Promise((resolve) => setImmediate(resolve));
    await server.dispose();
  };
  return { close: () => (closing ??= close()) };
}

/** The subscriptions whose results are being streamed, by their subscribe message's payload. */
class OpenStreams {
  private readonly streaming = new Set<object>();
  private whenEmpty: Array<() => void> = [];

  open(payload: object): void {
    this.streaming.add(payload);
  }

  close(payload: object): void {
    if (!this.streaming.delete(payload) || this.streaming.size > 0) return;
    for (const resolve of this.whenEmpty.splice(0)) resolve();
  }

  allClosed(): Promise<void> {
    return this.streaming.size === 0 ? Promise.resolve() : new Promise((resolve) => this.whenEmpty.push(resolve));
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** FORBIDDEN for the first `_service` or `_entities` an operation of the document selects at its root. */
function refusedRouterFields(document: DocumentNode): GraphQLError[] {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const field = routerOnlyRootField(definition.selectionSet, document);
    if (field) return [gatewayError(ErrorCode.FORBIDDEN, `Only the federation router may query ${field}, over HTTP.`)];
  }
  return [];
}

/** Errors leave as they do over HTTP: known codes kept, anything else masked. */
function formatResult(result: ExecutionResult) {
  if (!result.errors) return result;
  return { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) };
}
