/**
 * GraphQL over Server-Sent Events (the graphql-sse protocol, served by the graphql-sse library) at the
 * gateway's GraphQL path, for clients that cannot hold a WebSocket. The HTTP edge (src/http/edge.ts) hands
 * a request here after its caller gate, body cap and pre-parse scan; the credentials are the request's own
 * `Authorization` and `Workspace-Id` headers.
 *  - "Distinct connections": a POST (or GET) with `Accept: text/event-stream` carries one operation, and
 *    its response is that operation's stream.
 *  - "Single connection": a PUT reserves a stream and answers its token; a GET with the token opens it,
 *    POSTs with it add operations, DELETEs end them. A token serves only the credentials that reserved it
 *    (./reservations.ts).
 * Each operation passes the HTTP request's checks (./admission.ts: subscriptions only, cost included) and
 * takes a slot under the subscription limits (./slots.ts; a reserved stream is one connection).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExecutionResult } from 'graphql';
import { createHandler, TOKEN_HEADER_KEY, TOKEN_QUERY_KEY, type ExecutionResult as StreamResult, type Request as StreamRequest, type RequestParams, type Response as StreamResponse } from 'graphql-sse';
import { readCallerCredentials } from '../credentials';
import { ErrorCode, gatewayError } from '../errors';
import type { Draining } from '../http/draining';
import type { RefusalLimit } from '../limits/refusal';
import type { Admission, SubscriptionRequest } from './admission';
import { isAsyncIterable, OpenStreams } from './openStreams';
import type { PollRegistry } from './registry';
import { StreamReservations } from './reservations';
import { credentialsRefusal, sendRefusal, streamRefusal } from './sseRefusals';
import { EventStreamResponses } from './sseResponses';
import { KeyedConnections, type SubscriptionSlots } from './slots';
import { admitsCaller, formatResult, type StreamContextFactory } from './streaming';
import type { PollTimer } from './timer';

export interface SseTransportOptions {
  /** The GraphQL path (where a lapsed reservation's stream is addressed). */
  path: string;
  /** The checks every operation passes before it runs. */
  admit(request: SubscriptionRequest): Admission;
  /** One subscription's context, from the caller's credentials. */
  createContext: StreamContextFactory;
  registry: PollRegistry;
  slots: SubscriptionSlots;
  /** When reservations never opened expire (the subscriptions' timer; tests fire it by hand). */
  timer: PollTimer;
  /** Most reserved streams held at once (MAX_SUBSCRIPTIONS_PER_PROCESS: each is meant to carry one or more). */
  maxReservations: number;
  /** Strip "Did you mean …?" from messages (introspection off), as Apollo's plugin does over HTTP. */
  hideSuggestions: boolean;
  /** Told of every operation refused by a limit. */
  countRefusal?(limit: RefusalLimit): void;
  draining: Draining;
}

export interface SseTransport {
  /** Whether a request to the GraphQL path is for this transport rather than Apollo. */
  accepts(req: IncomingMessage, url: URL): boolean;
  /** Serves a request the edge admitted; `body` is what the edge read (the parsed JSON of a POST). */
  serve(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void>;
  /** Refuses new requests, completes every subscription, and resolves once every stream's response ended. */
  close(): Promise<void>;
  /** Single-connection streams reserved and not yet ended. */
  readonly reservationCount: number;
}

/** What one request learns on its way through graphql-sse's handler. */
interface RequestState {
  /** A PUT's new token and its caller, kept once graphql-sse accepted the reservation. */
  reserving?: { token: string; caller: string };
  /** The reserved stream this GET opens. */
  opening?: string;
  /** Set on the transport's own request that disposes of a lapsed reservation. */
  expiring?: string;
  /** Gives back the subscription slot this request's operation took. */
  release?: () => void;
}
const SHUTTING_DOWN_MESSAGE = 'The gateway is shutting down; retry the request.';
const SHUTTING_DOWN = streamRefusal(503, ErrorCode.UPSTREAM_UNAVAILABLE, SHUTTING_DOWN_MESSAGE);
const TOO_MANY_RESERVATIONS = streamRefusal(429, ErrorCode.TOO_MANY_SUBSCRIPTIONS, 'The gateway holds as many reserved event streams as it allows; retry later, or send each subscription on a stream of its own.');

type OperationContext = Record<PropertyKey, unknown>;
type Request = StreamRequest<IncomingMessage | undefined, RequestState>;
type StreamHandler = (req: Request) => Promise<StreamResponse>;

export function createSseTransport(options: SseTransportOptions): SseTransport {
  const operations = new OpenStreams();
  const connections = new KeyedConnections(options.slots);
  const responses = new EventStreamResponses();
  const reservations: StreamReservations = new StreamReservations(options.timer, (token): Promise<void> => forgetReservation(handler, options.path, token));
  let closing = false;

  const handler: StreamHandler = createHandler<IncomingMessage | undefined, RequestState, OperationContext>({
    // onSubscribe admitted (parsed, validated, checked) the operation already, with the gateway's rules.
    validate: () => [],
    authenticate: (req) => authenticate(req, reservations, options.maxReservations),
    onSubscribe: (req, params) => prepareOperation(req, params, connections, options),
    onOperation: (_ctx, req, _args, result) => {
      if (!isAsyncIterable(result)) return undefined;
      if (!closing) return void operations.open(req);
      // Subscribed while close() was ending the others: it would outlive the stop.
      void result[Symbol.asyncIterator]().return?.(undefined);
      return once({ errors: [gatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, SHUTTING_DOWN_MESSAGE)] });
    },
    onNext: (_ctx, _req, result) => formatResult(result as ExecutionResult, options.hideSuggestions) as StreamResult,
    onComplete: (_ctx, req) => {
      req.context.release?.();
      operations.close(req);
    },
  });

  return {
    accepts: isEventStreamRequest,
    async serve(req, res, body) {
      // A draining replica takes no new stream: the client connects again, through the load balancer, elsewhere.
      if (closing || options.draining.active) return sendRefusal(res, ...SHUTTING_DOWN);
      const state: RequestState = {};
      const lookup = (key: string) => (key === 'accept' && acceptsEventStream(req) ? 'text/event-stream' : headerOf(req, key));
      const payload = isRecord(body) ? body : null;
      const [answer, init] = await handler({ method: req.method ?? 'GET', url: req.url ?? options.path, headers: { get: lookup }, body: payload, raw: req, context: state });
      if (state.reserving && init.status === 201) reservations.reserve(state.reserving.token, state.reserving.caller);
      if (init.status >= 400) return sendRefusal(res, typeof answer === 'string' ? answer : null, init);
      const { connection: _managedByNode, ...headers } = init.headers ?? {};
      res.writeHead(init.status, headers);
      if (answer === null || typeof answer === 'string') return void res.end(answer ?? undefined);
      const opened = init.status === 200 ? state.opening : undefined;
      await responses.send(res, answer, () => {
        if (opened !== undefined) reservations.release(opened);
      });
    },
    async close() {
      closing = true;
      options.registry.stopAll();
      // Each subscription's `complete` is queued once it ended; a stream ended before would lose it.
      await operations.allClosed();
      reservations.clear();
      await responses.endAll();
    },
    get reservationCount() {
      return reservations.count;
    },
  };
}

/** A request of the graphql-sse protocol: a stream asked for, a reservation's PUT or DELETE, or a token. */
function isEventStreamRequest(req: IncomingMessage, url: URL): boolean {
  return req.method === 'PUT' || req.method === 'DELETE' || req.headers[TOKEN_HEADER_KEY] !== undefined || url.searchParams.has(TOKEN_QUERY_KEY) || acceptsEventStream(req);
}

/** Opening a reserved stream and ending it at once is graphql-sse's one way to forget a reservation. */
async function forgetReservation(handler: StreamHandler, path: string, token: string): Promise<void> {
  const lookup = (key: string) => (key === 'accept' ? 'text/event-stream' : key === TOKEN_HEADER_KEY ? token : undefined);
  const [body] = await handler({ method: 'GET', url: path, headers: { get: lookup }, body: null, raw: undefined, context: { expiring: token } });
  if (body !== null && typeof body !== 'string') await body.return(undefined);
}

/**
 * Admits a caller with usable credentials (401 otherwise, before any work), and in single-connection
 * mode hands graphql-sse a token: a new one for a PUT, the request's own when the caller reserved it.
 * null: no token, one operation on a stream of its own.
 */
function authenticate(req: Request, reservations: StreamReservations, maxReservations: number) {
  if (req.context.expiring !== undefined) return req.context.expiring;
  const credentials = readCallerCredentials((name) => req.headers.get(name) ?? undefined);
  if (!admitsCaller(credentials)) return credentialsRefusal(credentials);
  const caller = reservations.callerOf(credentials);
  if (req.method === 'PUT') {
    // Each reservation costs memory until it is opened or lapses: a bound, as for subscriptions.
    if (reservations.count >= maxReservations) return TOO_MANY_RESERVATIONS;
    req.context.reserving = { token: randomUUID(), caller };
    return req.context.reserving.token;
  }
  const token = req.headers.get(TOKEN_HEADER_KEY) ?? new URL(req.url, 'http://gateway.local').searchParams.get(TOKEN_QUERY_KEY);
  if (!token) return null;
  // Another caller's token is answered as an unknown one: whether it exists is not theirs to learn.
  if (!reservations.isHeldBy(token, caller)) return streamRefusal(404, ErrorCode.NOT_FOUND, 'No event stream is reserved under this token for these credentials.');
  if (req.headers.get('accept') === 'text/event-stream') {
    reservations.opened(token);
    req.context.opening = token;
  }
  return token;
}

/**
 * Admits one operation (a refusal is sent in the stream) and takes its slot: a reserved stream is one
 * connection, a request of its own is another.
 */
function prepareOperation(req: Request, params: RequestParams, connections: KeyedConnections, options: SseTransportOptions) {
  const admission = options.admit(params);
  if (!admission.ok) {
    if (admission.refusal) options.countRefusal?.(admission.refusal);
    return once({ errors: admission.errors });
  }
  const token = req.headers.get(TOKEN_HEADER_KEY) ?? new URL(req.url, 'http://gateway.local').searchParams.get(TOKEN_QUERY_KEY);
  const slot = connections.take(token, String(params.extensions?.operationId ?? ''));
  if (typeof slot !== 'function') {
    options.countRefusal?.('subscriptions');
    return once({ errors: [slot] });
  }
  req.context.release = slot;
  const { ok: _ok, ...args } = admission;
  const contextValue: OperationContext = { ...options.createContext((name) => req.headers.get(name) ?? undefined) };
  return { ...args, contextValue };
}

/** A refusal sent in the stream (one `next`, then `complete`), as graphql-sse sends validation errors. */
async function* once(result: ExecutionResult): AsyncGenerator<ExecutionResult> {
  yield result;
}

const JSON_MEDIA_TYPES = new Set(['application/json', 'application/graphql-response+json', 'application/graphql+json']);

/**
 * Whether the request asks for an event stream: its Accept lists text/event-stream and no JSON type.
 * Clients that take either (urql lists both, for incremental delivery) get Apollo's JSON answer, as before.
 */
function acceptsEventStream(req: IncomingMessage): boolean {
  const types = (req.headers.accept ?? '').split(',').map((range) => range.split(';')[0]?.trim().toLowerCase());
  return types.includes('text/event-stream') && !types.some((type) => type !== undefined && JSON_MEDIA_TYPES.has(type));
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
