/**
 * GraphQL over WebSocket (the graphql-ws protocol, served by the graphql-ws library on a `ws` server) at
 * the gateway's own port and GraphQL path. The caller's credentials come in `connection_init`'s payload
 * (`Authorization`, `Workspace-Id`), or in the upgrade request's headers when the payload has no
 * `Authorization` (./connectionCredentials.ts), and are checked before any subscription starts: missing
 * or malformed, the socket closes with the protocol's 4403. Each subscription passes the HTTP request's checks
 * (src/subscriptions/admission.ts), takes a slot under the subscription limits (src/subscriptions/slots.ts),
 * and gets a context built as an HTTP request's is. While the gateway drains, new sockets are refused.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { readCallerCredentials } from '../credentials';
import { formatError } from '../errors';
import type { Draining } from '../http/draining';
import type { RefusalLimit } from '../limits/refusal';
import type { Admission, SubscriptionRequest } from './admission';
import { connectionCredentialsLookup } from './connectionCredentials';
import { isAsyncIterable, OpenStreams } from './openStreams';
import type { PollRegistry } from './registry';
import { Session, type SessionSettings } from './session';
import { admitsCaller, formatResult, type StreamContextFactory } from './streaming';

export interface WebSocketTransportOptions {
  httpServer: Server;
  path: string;
  /** The checks every subscription passes before it runs. */
  admit(request: SubscriptionRequest): Admission;
  /** One subscription's context, from the caller's credentials. */
  createContext: StreamContextFactory;
  registry: PollRegistry;
  /** Strip "Did you mean …?" from messages (introspection off), as Apollo's plugin does over HTTP. */
  hideSuggestions: boolean;
  session: SessionSettings;
  draining: Draining;
  /** Told of every subscription refused by a limit. */
  countRefusal?(limit: RefusalLimit): void;
}

export interface WebSocketTransport {
  /** Ends every subscription (each completes), then closes the sockets (1001 Going Away). */
  close(): Promise<void>;
}

/** Close code and reason of a socket that carried no subscription for SUBSCRIPTION_IDLE_TIMEOUT_MS. */
export const IDLE_CLOSE = { code: 1000, reason: 'Closed after carrying no subscription for too long' } as const;

export function attachWebSocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  const { httpServer, path, registry } = options;
  const wss = new WebSocketServer({ noServer: true });
  const streams = new OpenStreams();
  const sessions = new WeakMap<object, Session>();
  const server = useServer(
    {
      onConnect: (ctx) => {
        const credentials = readCallerCredentials(connectionCredentialsLookup(ctx.connectionParams, ctx.extra.request));
        // false: graphql-ws closes the socket with 4403 Forbidden before any subscription.
        if (!admitsCaller(credentials)) return false;
        const socket = ctx.extra.socket;
        sessions.set(ctx, new Session(options.session, () => socket.close(IDLE_CLOSE.code, IDLE_CLOSE.reason)));
        return true;
      },
      onSubscribe: (ctx, id, payload) => {
        const admission = options.admit(payload);
        if (!admission.ok) {
          if (admission.refusal) options.countRefusal?.(admission.refusal);
          return admission.errors;
        }
        const refusal = sessions.get(ctx)?.start(id);
        if (refusal) {
          options.countRefusal?.('subscriptions');
          return [refusal];
        }
        const { ok: _ok, ...args } = admission;
        return { ...args, contextValue: options.createContext(connectionCredentialsLookup(ctx.connectionParams, ctx.extra.request)) };
      },
      onOperation: (_ctx, _id, payload, _args, result) => {
        if (isAsyncIterable(result)) streams.open(payload);
      },
      onNext: (_ctx, _id, _payload, _args, result) => formatResult(result, options.hideSuggestions),
      onComplete: (ctx, id, payload) => {
        sessions.get(ctx)?.finish(id);
        streams.close(payload);
      },
      onError: (_ctx, _id, payload, errors) => {
        streams.close(payload);
        return errors.map((error) => formatError(error.toJSON(), error));
      },
      onClose: (ctx) => sessions.get(ctx)?.end(),
    },
    wss,
  );
  const onUpgrade = upgradeHandler(wss, path, options.draining);
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

/** Takes a WebSocket upgrade to the GraphQL path, unless the gateway drains; any other path is dropped. */
function upgradeHandler(wss: WebSocketServer, path: string, draining: Draining) {
  return (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (new URL(request.url ?? '/', 'http://gateway').pathname !== path) {
      socket.destroy();
      return;
    }
    if (draining.active) return refuseWhileDraining(socket);
    wss.handleUpgrade(request, socket, head, (ws: WebSocket) => wss.emit('connection', ws, request));
  };
}

/**
 * A draining replica takes no new long-lived connection: the client hears 503 at once and connects
 * again through the load balancer, to a replica that stays. (`ws` has no public call for refusing a
 * handshake, so the answer is written here.)
 */
function refuseWhileDraining(socket: Duplex): void {
  const body = 'The gateway is shutting down; connect again.';
  socket.end(`HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}
