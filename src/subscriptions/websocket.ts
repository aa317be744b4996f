/**
 * GraphQL over WebSocket (the graphql-ws protocol, served by the graphql-ws library on a `ws` server) at
 * the gateway's own port and GraphQL path. The caller's credentials come in `connection_init`'s payload
 * (`Authorization`, `Workspace-Id`) and are checked before any subscription starts: missing or malformed,
 * the socket closes with the protocol's 4403. Each subscription gets a context built as an HTTP
 * request's is, and runs against the same schema and validation rules.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { readCallerCredentials } from '../credentials';
import { formatError } from '../errors';
import { isAsyncIterable, OpenStreams } from './openStreams';
import { admitsCaller, createStreamingExecution, formatResult, type StreamingOptions } from './streaming';

export interface WebSocketTransportOptions extends StreamingOptions {
  httpServer: Server;
  path: string;
}

export interface WebSocketTransport {
  /** Ends every subscription (each completes), then closes the sockets (1001 Going Away). */
  close(): Promise<void>;
}

export function attachWebSocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  const { httpServer, path, registry } = options;
  const wss = new WebSocketServer({ noServer: true });
  const streams = new OpenStreams();
  const execution = createStreamingExecution(options);
  const server = useServer(
    {
      schema: options.schema,
      parse: execution.parse,
      validate: execution.validate,
      // false: graphql-ws closes the socket with 4403 Forbidden before any subscription.
      onConnect: (ctx) => admitsCaller(readCallerCredentials(headerLookup(ctx.connectionParams))),
      context: (ctx) => execution.createContext(headerLookup(ctx.connectionParams)),
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

/** Header-like lookup over `connection_init`'s payload, names in any case; only string values count. */
function headerLookup(params: Readonly<Record<string, unknown>> | undefined): (name: string) => string | undefined {
  const values = new Map<string, string>();
  for (const [name, value] of Object.entries(params ?? {})) if (typeof value === 'string') values.set(name.toLowerCase(), value);
  return (name) => values.get(name.toLowerCase());
}
