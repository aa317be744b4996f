/**
 * createGateway wires the schema, the per-request context, Apollo Server and the HTTP edge together.
 * HTTP lives here only: body limits, routing (GraphQL, GraphiQL, health), the request id.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GatewayConfig } from './config';
import { createContext, type GatewayContext } from './context';
import { formatError } from './errors';
import { handleGraphiQLRequest } from './graphiql';
import type { Logger } from './logger';
import { createSchema } from './schema';
import { UpstreamClient } from './upstream/client';

export interface GatewayOptions {
  logger: Logger;
  /** Values GraphiQL pre-fills in its headers editor (the demo credentials when the demo upstream runs). */
  graphiqlHeaders?: Record<string, string>;
  /** Largest accepted request body, bytes. */
  maxRequestBytes?: number;
}

export interface Gateway {
  /** Starts listening; resolves to the gateway's base URL (http://host:port). */
  listen(): Promise<string>;
  /** Stops accepting requests, drains in-flight ones, closes the upstream pool. */
  stop(): Promise<void>;
  readonly httpServer: Server;
}

const GRAPHQL_PATH = '/graphql';
const DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

export async function createGateway(config: GatewayConfig & { upstreamUrl: string }, options: GatewayOptions): Promise<Gateway> {
  const { logger } = options;
  const client = new UpstreamClient({
    baseUrl: config.upstreamUrl,
    connectTimeoutMs: config.connectTimeoutMs,
    headersTimeoutMs: config.headersTimeoutMs,
    bodyTimeoutMs: config.bodyTimeoutMs,
    keepAliveTimeoutMs: config.keepAliveTimeoutMs,
    connections: config.upstreamConnections,
    logger,
  });
  const pagination = {
    maxPageSize: config.maxPageSize,
    defaultPageSize: config.defaultPageSize,
    realignRadius: config.cursorRealignRadius,
    cursorSecret: config.cursorSecret,
  };
  const httpServer = createServer();
  const apollo = new ApolloServer<GatewayContext>({
    schema: createSchema({ maxEntityRepresentations: config.maxEntityRepresentations }),
    introspection: config.introspection,
    hideSchemaDetailsFromClientErrors: !config.introspection,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    formatError,
    logger: {
      debug: (message) => logger.debug(message),
      info: (message) => logger.info(message),
      warn: (message) => logger.warn(message),
      error: (message) => logger.error(message),
    },
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();

  const maxRequestBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  const graphiqlOptions = {
    endpoint: GRAPHQL_PATH,
    defaultHeaders: options.graphiqlHeaders ?? { Authorization: 'Bearer <your token>', 'Workspace-Id': '<your workspace id>' },
  };

  httpServer.on('request', (req, res) => {
    const requestId = readRequestId(req);
    res.setHeader('x-request-id', requestId);
    handle(req, res, requestId).catch((error: unknown) => {
      logger.error({ requestId, err: error }, 'unhandled error at the HTTP edge');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway.local');
    if (config.graphiql && handleGraphiQLRequest(req, res, graphiqlOptions)) return;
    if (url.pathname !== GRAPHQL_PATH) {
      sendJson(res, 404, { errors: [{ message: `Nothing is served at ${url.pathname}; GraphQL is at ${GRAPHQL_PATH}.`, extensions: { code: 'NOT_FOUND' } }] });
      return;
    }
    const body = await readBody(req, maxRequestBytes);
    if (body === 'too-large') {
      sendJson(res, 413, { errors: [{ message: `The request body exceeds ${maxRequestBytes} bytes.`, extensions: { code: 'BAD_REQUEST' } }] });
      req.resume();
      return;
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    let parsedBody: unknown = body;
    if (req.method === 'POST' && /^application\/(graphql-response\+)?json\b/i.test(headers.get('content-type') ?? '')) {
      try {
        parsedBody = body.length === 0 ? undefined : JSON.parse(body);
      } catch {
        sendJson(res, 400, { errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
        return;
      }
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body: parsedBody };
    const started = performance.now();
    let context: GatewayContext | undefined;
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: async () => {
        context = createContext({ client, pagination }, (name) => headers.get(name), requestId);
        return context;
      },
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
    logger.info(
      {
        requestId,
        operationName: operationNameOf(parsedBody, url),
        status: res.statusCode,
        upstreamRequests: context?.scope.stats.upstreamRequests ?? 0,
        ms: Math.round(performance.now() - started),
      },
      'graphql request',
    );
  }

  return {
    httpServer,
    listen: () =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => {
          const address = httpServer.address() as AddressInfo;
          const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve(`http://${host}:${address.port}`);
        });
      }),
    stop: async () => {
      await apollo.stop();
      await client.close();
    },
  };
}

/** A caller-supplied x-request-id is kept only when it is short and plain; otherwise a new one is made. */
function readRequestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
}

/** Reads the body up to `limit` bytes; stops reading (and reports) as soon as it is exceeded. */
function readBody(req: IncomingMessage, limit: number): Promise<string | 'too-large'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve('too-large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

function operationNameOf(body: unknown, url: URL): string | undefined {
  if (body && typeof body === 'object' && typeof (body as { operationName?: unknown }).operationName === 'string') {
    return (body as { operationName: string }).operationName;
  }
  return url.searchParams.get('operationName') ?? undefined;
}
