/**
 * The HTTP edge: everything between a socket's request and Apollo. It gives every request an id,
 * routes health checks, GraphiQL and GraphQL (anything else is a 404), and for GraphQL enforces the
 * body cap and the UTF-8 charset, parses a JSON body, hands the request to Apollo and streams back
 * its response. Unexpected errors become a 500 with nothing of the error in it.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { HeaderMap, type HTTPGraphQLResponse } from '@apollo/server';
import type { GatewayApollo } from '../apollo';
import type { GatewayContext } from '../context';
import type { GraphiQLHandler } from '../graphiql';
import { handleHealthRequest, type ReadinessSource } from '../health';
import { isAcceptedCharset } from '../limits/charset';
import type { Logger } from '../logger';
import { readBody } from './body';
import { logRequestOnClose } from './requestLog';

export const GRAPHQL_PATH = '/graphql';

interface EdgeOptions {
  logger: Logger;
  /** Answers /readyz. */
  upstream: ReadinessSource;
  apollo: GatewayApollo;
  /** Absent when GraphiQL is turned off. */
  graphiql: GraphiQLHandler | undefined;
  /** Largest accepted request body, bytes. */
  maxRequestBytes: number;
  /** The per-request context, from the request's headers. */
  createContext(header: (name: string) => string | undefined, requestId: string): GatewayContext;
}

export function createEdge(options: EdgeOptions): RequestListener {
  return (req, res) => {
    const requestId = readRequestId(req);
    res.setHeader('x-request-id', requestId);
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
  if (await handleHealthRequest(req, res, url.pathname, options.upstream)) return;
  if (options.graphiql && (await options.graphiql(req, res))) return;
  if (url.pathname !== GRAPHQL_PATH) {
    sendError(res, 404, 'NOT_FOUND', `Nothing is served at ${url.pathname}; GraphQL is at ${GRAPHQL_PATH}.`);
    return;
  }
  await serveGraphQL(options, req, res, url, requestId);
}

async function serveGraphQL(options: EdgeOptions, req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<void> {
  const log = logRequestOnClose(res, { logger: options.logger, requestId, url, resolvedName: options.apollo.operationNameOf });
  const text = await readBody(req, options.maxRequestBytes);
  if (text === 'too-large') {
    sendError(res, 413, 'BAD_REQUEST', `The request body exceeds ${options.maxRequestBytes} bytes.`);
    // Drain what the client still sends, so it reads the 413 instead of a reset connection.
    req.resume();
    return;
  }
  if (req.method === 'POST' && !isAcceptedCharset(req.headers['content-type'])) {
    sendError(res, 415, 'BAD_REQUEST', 'The request body must be encoded as UTF-8.');
    return;
  }
  const headers = headerMapOf(req);
  log.body = text;
  if (req.method === 'POST' && /^application\/(graphql-response\+)?json\b/i.test(headers.get('content-type') ?? '')) {
    const json = parseJson(text);
    if (!json.ok) {
      sendError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON.');
      return;
    }
    log.body = json.value;
  }
  const response = await options.apollo.server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body: log.body },
    context: async () => {
      log.context = options.createContext((name) => headers.get(name), requestId);
      return log.context;
    },
  });
  await sendGraphQLResponse(res, response);
}

function headerMapOf(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
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
