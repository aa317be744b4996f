/**
 * The HTTP edge: everything between a socket's request and Apollo. It gives every request an id,
 * routes health checks, /metrics, GraphiQL and GraphQL (anything else is a 404), and for GraphQL enforces the
 * body cap and the UTF-8 charset, parses a JSON body, hands the request to Apollo (or, for GraphQL over
 * Server-Sent Events, to that transport) and streams back its response. Unexpected errors become a 500
 * with nothing of the error in it. Each refusal it makes itself is reported by name
 * (src/limits/refusal.ts) for the metrics.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { HeaderMap, type HTTPGraphQLResponse } from '@apollo/server';
import type { GatewayApollo } from '../apollo';
import type { GatewayContext } from '../context';
import { MISSING_AUTHORIZATION_MESSAGE } from '../credentials';
import type { GraphiQLHandler } from '../graphiql';
import { handleHealthRequest, type ReadinessSource } from '../health';
import { isAcceptedCharset } from '../limits/charset';
import { scanDocument } from '../limits/documentScan';
import type { RefusalLimit } from '../limits/refusal';
import { SCAN_REFUSALS, scanRefusalMessage, type ScanSettings } from '../limits/scanRefusal';
import type { Logger } from '../logger';
import { METRICS_PATH, type MetricsHandler } from '../observability/metricsEndpoint';
import { readBody } from './body';
import { ANONYMOUS_BODY_LIMIT, isServiceSdlQuery, judgeCaller, type RouterSecretDigest } from './callerGate';
import type { Draining } from './draining';
import { logRequestOnClose } from './requestLog';

export const GRAPHQL_PATH = '/graphql';

const JSON_MEDIA_TYPE = /^\s*application\/(graphql-response\+)?json\s*(;|$)/i;

interface EdgeOptions {
  logger: Logger;
  /** Answers /readyz. */
  upstream: ReadinessSource;
  apollo: GatewayApollo;
  /** Absent when GraphiQL is turned off. */
  graphiql: GraphiQLHandler | undefined;
  /** Largest accepted request body, bytes. */
  maxRequestBytes: number;
  /** Limits checked here on the query text, before anything parses it (src/limits/documentScan.ts). */
  documentScan: ScanSettings;
  /** Digest of ROUTER_SECRET, when set. */
  routerSecret: RouterSecretDigest;
  /** Whether the gateway is leaving the load balancer's rotation (readiness 503, `Connection: close`). */
  draining: Draining;
  /** Serves GET /metrics; absent when metrics are off or served on their own port (METRICS_PORT). */
  metrics?: MetricsHandler;
  /** Told of every request the edge refuses, by the limit that refused it. */
  countRefusal?(limit: RefusalLimit): void;
  /** GraphQL over Server-Sent Events (src/subscriptions/sse.ts): the requests it accepts skip Apollo. */
  eventStreams?: EventStreamTransport;
  /** The per-request context, from the request's headers. */
  createContext(header: (name: string) => string | undefined, requestId: string, fromRouter: boolean): GatewayContext;
}

/** A transport served at the GraphQL path besides Apollo, behind the same gate, body cap and scan. */
export interface EventStreamTransport {
  accepts(req: IncomingMessage, url: URL): boolean;
  /** `body` is what the edge read: a POST's parsed JSON, another method's text. */
  serve(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void>;
}

export function createEdge(options: EdgeOptions): RequestListener {
  return (req, res) => {
    const requestId = readRequestId(req);
    res.setHeader('x-request-id', requestId);
    options.draining.watch(res);
    route(options, req, res, requestId).catch((error: unknown) => {
      options.logger.error({ requestId, err: error }, 'unhandled error at the HTTP edge');
      if (!res.headersSent) sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error.');
      else res.end();
    });
  };
}

/** A caller-supplied x-request-id is kept only when it is short and plain; otherwise a new one is made. */
function readRequestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
}

async function route(options: EdgeOptions, req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://gateway.local');
  if (await handleHealthRequest(req, res, url.pathname, options.upstream, options.draining.active)) return;
  if (options.graphiql && (await options.graphiql(req, res))) return;
  if (options.metrics && url.pathname === METRICS_PATH) return options.metrics(req, res);
  if (url.pathname !== GRAPHQL_PATH) {
    const shown = url.pathname.length > 100 ? `${url.pathname.slice(0, 100)}…` : url.pathname;
    sendError(res, 404, 'NOT_FOUND', `Nothing is served at ${shown}; GraphQL is at ${GRAPHQL_PATH}.`);
    return;
  }
  await serveGraphQL(options, req, res, url, requestId);
}

async function serveGraphQL(options: EdgeOptions, req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<void> {
  const log = logRequestOnClose(res, { logger: options.logger, requestId, method: req.method ?? 'GET', url, resolvedName: options.apollo.operationNameOf });
  const caller = judgeCaller(req, options.routerSecret);
  if (caller.kind === 'refused') return refuseStranger(options, req, res, caller.message);
  const read = await readGraphQLBody(options, req, res, caller.kind === 'anonymous');
  if (read === 'answered') return;
  log.body = read;
  const query = queryTextOf(req.method, read, url.searchParams);
  if (caller.kind === 'anonymous' && !isServiceSdlQuery(query)) return refuseStranger(options, req, res, MISSING_AUTHORIZATION_MESSAGE);
  const scan = scanDocument(query, options.documentScan);
  if (scan.kind !== 'ok') {
    options.countRefusal?.(SCAN_REFUSALS[scan.kind]);
    return sendError(res, 400, 'QUERY_TOO_COMPLEX', scanRefusalMessage(scan, options.documentScan));
  }
  if (options.eventStreams?.accepts(req, url)) return options.eventStreams.serve(req, res, read);
  const headers = headerMapOf(req);
  const response = await options.apollo.server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body: read },
    context: async () => {
      log.context = options.createContext((name) => headers.get(name), requestId, caller.kind === 'caller' && caller.fromRouter);
      return log.context;
    },
  });
  await sendGraphQLResponse(res, response);
}

/**
 * The request's body: parsed when it is JSON, the text otherwise (Apollo explains what it cannot use).
 * 'answered' when the body was refused here (too large, not UTF-8, not valid JSON).
 */
async function readGraphQLBody(options: EdgeOptions, req: IncomingMessage, res: ServerResponse, anonymous: boolean): Promise<unknown> {
  // An anonymous caller hears only that it needs credentials, whatever else is wrong with its request.
  const refuse = (status: number, message: string, limit: RefusalLimit): 'answered' => {
    if (anonymous) {
      refuseStranger(options, req, res, MISSING_AUTHORIZATION_MESSAGE);
    } else {
      options.countRefusal?.(limit);
      sendError(res, status, 'BAD_REQUEST', message);
    }
    return 'answered';
  };
  const text = await readBody(req, anonymous ? ANONYMOUS_BODY_LIMIT : options.maxRequestBytes);
  if (text === 'too-large') {
    // Drain what the client still sends, so it reads the answer instead of a reset connection.
    req.resume();
    return refuse(413, `The request body exceeds ${options.maxRequestBytes} bytes.`, 'body_size');
  }
  if (req.method !== 'POST') return text;
  if (!isAcceptedCharset(req.headers['content-type'])) return refuse(415, 'The request body must be encoded as UTF-8.', 'charset');
  // Forms and plain text (what a cross-site form can send) and everything else but JSON.
  if (!JSON_MEDIA_TYPE.test(req.headers['content-type'] ?? '')) return refuse(415, 'A POST body must be JSON, sent with Content-Type: application/json.', 'content_type');
  const json = parseJson(text);
  return json.ok ? json.value : refuse(400, 'The request body is not valid JSON.', 'json_syntax');
}

/** No credentials, no work: 401 before the body is parsed, and the rest of the body drained unread. */
function refuseStranger(options: EdgeOptions, req: IncomingMessage, res: ServerResponse, message: string): void {
  options.countRefusal?.('credentials');
  res.setHeader('www-authenticate', 'Bearer');
  sendError(res, 401, 'UNAUTHENTICATED', message);
  req.resume();
}

function headerMapOf(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/**
 * The query text Apollo will execute ('' when there is none): a GET's comes from the query string (its
 * body is ignored), a POST's from its JSON body. Reading the wrong one would let a GET pass the
 * pre-parse scan, and an anonymous caller's check, with an empty text.
 */
function queryTextOf(method: string | undefined, body: unknown, search: URLSearchParams): string {
  const query = method === 'GET' ? search.get('query') : typeof body === 'object' && body !== null ? (body as { query?: unknown }).query : undefined;
  return typeof query === 'string' ? query : '';
}

/** An empty body is no body (Apollo then explains what is missing). */
function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: text.length === 0 ? undefined : JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

async function sendGraphQLResponse(res: ServerResponse, response: HTTPGraphQLResponse): Promise<void> {
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}
