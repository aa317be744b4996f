/**
 * GraphQL over WebSocket (the graphql-ws protocol, served by the graphql-ws library on a `ws` server) at
 * the gateway's own port and GraphQL path. The caller's credentials come in `connection_init`'s payload
 * (`Authorization`, `Workspace-Id`) and are checked before any subscription starts: missing or malformed,
 * the socket closes with the protocol's 4403. Each subscription gets a context built as an HTTP
 * request's is, and runs against the same schema and validation rules.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { parse, specifiedRules, validate, type ExecutionResult, type GraphQLSchema, type ValidationRule } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { createContext, type ContextDependencies } from '../context';
import { readCallerCredentials } from '../credentials';
import { formatError } from '../errors';
import type { PollRegistry } from './registry';

export interface WebSocketTransportOptions {
  httpServer: Server;
  path: string;
  schema: GraphQLSchema;
  validationRules: readonly ValidationRule[];
  maxTokens: number;
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
      validate: (schema, document) => validate(schema, document, rules),
      onConnect: (ctx) => {
        const credentials = readCallerCredentials(headerLookup(ctx.connectionParams));
        // false: graphql-ws closes the socket with 4403 Forbidden before any subscription.
        return credentials.problem === undefined && credentials.authorization !== undefined;
      },
      context: (ctx) => ({ ...createContext(options.context, headerLookup(ctx.connectionParams)), subscriptions: registry }),
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

/** Header-like lookup over `connection_init`'s payload, names in any case; only string values count. */
function headerLookup(params: Readonly<Record<string, unknown>> | undefined): (name: string) => string | undefined {
  const values = new Map<string, string>();
  for (const [name, value] of Object.entries(params ?? {})) if (typeof value === 'string') values.set(name.toLowerCase(), value);
  return (name) => values.get(name.toLowerCase());
}

/** Errors leave as they do over HTTP: known codes kept, anything else masked. */
function formatResult(result: ExecutionResult) {
  if (!result.errors) return result;
  return { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) };
}
