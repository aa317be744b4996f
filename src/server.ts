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
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import type { GatewayConfig } from './config';
import { createContext, type GatewayContext } from './context';
import { formatError } from './errors';
import { createGraphiQLHandler } from './graphiql';
import { handleHealthRequest } from './health';
import { isAcceptedCharset } from './limits/charset';
import { createCostLimitPlugin } from './limits/costPlugin';
import { createShapeLimitRule } from './limits/shapeRule';
import { createHideSuggestionsPlugin } from './limits/suggestions';
import type { Logger } from './logger';
import { createSchema } from './schema';
import { UpstreamClient } from './upstream/client';
import type { UpstreamTime } from './upstream/time';

export interface GatewayOptions {
  logger: Logger;
  /** Values GraphiQL pre-fills in its headers editor (the demo credentials when the demo upstream runs). */
  graphiqlHeaders?: Record<string, string>;
  /** Largest accepted request body, bytes. */
  maxRequestBytes?: number;
  /** Clock, sleep and jitter of the upstream client's retries and circuit breaker (tests drive time by hand). */
  upstreamTime?: UpstreamTime;
}

export interface Gateway {
  /** Starts listening; resolves to the gateway's base URL (http://host:port). */
  listen(): Promise<string>;
  /** Stops accepting requests, drains in-flight ones, closes the upstream pool. */
  stop(): Promise<void>;
  readonly httpServer: Server;
}

const GRAPHQL_PATH = '/graphql';

export async function createGateway(config: GatewayConfig & { upstreamUrl: string }, options: GatewayOptions): Promise<Gateway> {
  const { logger } = options;
  const client = new UpstreamClient({
    url: config.upstreamUrl,
    connectTimeoutMs: config.connectTimeoutMs,
    headersTimeoutMs: config.headersTimeoutMs,
    bodyTimeoutMs: config.bodyTimeoutMs,
    keepAliveTimeoutMs: config.keepAliveTimeoutMs,
    connections: config.upstreamConnections,
    maxResponseBytes: config.maxUpstreamResponseBytes,
    maxRequestsPerOperation: config.maxUpstreamRequestsPerOperation,
    retry: config.upstreamRetry,
    retryBudget: { ratio: config.upstreamRetry.budgetPercent / 100, floor: config.upstreamRetry.budgetFloor, windowMs: config.upstreamRetry.budgetWindowMs },
    breaker: config.upstreamBreaker,
    readinessTimeoutMs: config.readinessTimeoutMs,
    time: options.upstreamTime,
    logger,
  });
  const pagination = {
    maxPageSize: config.maxPageSize,
    defaultPageSize: config.defaultPageSize,
    realignRadius: config.cursorRealignRadius,
    cursorSecret: config.cursorSecret,
  };
  const limits = config.inboundLimits;
  /**
   * Operation names as Apollo resolved them (a body's `operationName` is optional), for the request log.
   * Keyed by the request's call scope: Apollo hands plugins a shallow copy of the context object.
   */
  const operationNames = new WeakMap<object, string>();
  const httpServer = createServer();
  const apollo = new ApolloServer<GatewayContext>({
    schema: createSchema({ maxEntityRepresentations: config.maxEntityRepresentations }),
    introspection: config.introspection,
    hideSchemaDetailsFromClientErrors: !config.introspection,
    includeStacktraceInErrorResponses: false,
    // src/index.ts owns SIGTERM/SIGINT (drain, then close the upstream pool, then exit).
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: [createShapeLimitRule(limits, config.introspection)],
    formatError,
    logger: {
      debug: (message) => logger.debug(message),
      info: (message) => logger.info(message),
      warn: (message) => logger.warn(message),
      error: (message) => logger.error(message),
    },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownGraceMs }),
      ApolloServerPluginLandingPageDisabled(),
      // Federated traces (ftv1) for a router that asks for them; error messages in them stay masked.
      ApolloServerPluginInlineTrace({ includeErrors: { masked: true } }),
      createCostLimitPlugin({ maxCost: limits.maxCost, defaultPageSize: config.defaultPageSize, exposeLimits: config.introspection }),
      ...(config.introspection ? [] : [createHideSuggestionsPlugin<GatewayContext>()]),
      {
        async requestDidStart() {
          return {
            async didResolveOperation({ contextValue, operationName }) {
              if (operationName) operationNames.set(contextValue.scope, operationName);
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  const maxRequestBytes = options.maxRequestBytes ?? limits.maxRequestBytes;
  const graphiql = config.graphiql
    ? createGraphiQLHandler({
        endpoint: GRAPHQL_PATH,
        defaultHeaders: options.graphiqlHeaders ?? { Authorization: 'Bearer <your token>', 'Workspace-Id': '<your workspace id>' },
      })
    : undefined;

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
    if (await handleHealthRequest(req, res, url.pathname, client)) return;
    if (graphiql && (await graphiql(req, res))) return;
    if (url.pathname !== GRAPHQL_PATH) {
      sendJson(res, 404, { errors: [{ message: `Nothing is served at ${url.pathname}; GraphQL is at ${GRAPHQL_PATH}.`, extensions: { code: 'NOT_FOUND' } }] });
      return;
    }
    // One log line per GraphQL request, whatever ends it (a rejection at the edge, a response, a disconnect).
    const started = performance.now();
    let parsedBody: unknown;
    let context: GatewayContext | undefined;
    res.once('close', () => {
      logger.info(
        {
          requestId,
          operationName: loggableName(context && operationNames.get(context.scope)) ?? operationNameOf(parsedBody, url),
          status: res.statusCode,
          upstreamRequests: context?.scope.stats.upstreamRequests ?? 0,
          durationMs: Math.round(performance.now() - started),
          ...(res.writableFinished ? {} : { aborted: true }),
        },
        'graphql request',
      );
    });
    const body = await readBody(req, maxRequestBytes);
    if (body === 'too-large') {
      sendJson(res, 413, { errors: [{ message: `The request body exceeds ${maxRequestBytes} bytes.`, extensions: { code: 'BAD_REQUEST' } }] });
      req.resume();
      return;
    }
    if (req.method === 'POST' && !isAcceptedCharset(req.headers['content-type'])) {
      sendJson(res, 415, { errors: [{ message: 'The request body must be encoded as UTF-8.', extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    parsedBody = body;
    if (req.method === 'POST' && /^application\/(graphql-response\+)?json\b/i.test(headers.get('content-type') ?? '')) {
      try {
        parsedBody = body.length === 0 ? undefined : JSON.parse(body);
      } catch {
        sendJson(res, 400, { errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
        return;
      }
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body: parsedBody };
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: async () => {
        context = createContext({ client, pagination, operationTimeoutMs: config.operationTimeoutMs }, (name) => headers.get(name), requestId);
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
    return loggableName((body as { operationName: string }).operationName);
  }
  return loggableName(url.searchParams.get('operationName'));
}

/** A name for the log: a client chooses it, so only a GraphQL name of at most 100 characters is kept. */
function loggableName(name: string | null | undefined): string | undefined {
  return name && /^[_A-Za-z][_0-9A-Za-z]{0,99}$/.test(name) ? name : undefined;
}
