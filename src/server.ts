/**
 * createGateway wires the gateway's parts together: the upstream client, Apollo Server (src/apollo.ts)
 * and the HTTP edge in front of it (src/http/edge.ts), on one Node HTTP server, and the metrics
 * (src/observability/metrics.ts) when METRICS is on, with their own server when METRICS_PORT is set.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { startApollo, type GatewayApollo } from './apollo';
import type { GatewayConfig } from './config';
import { createContext, type ObserverFactory } from './context';
import { createGraphiQLHandler } from './graphiql';
import { routerSecretDigest } from './http/callerGate';
import { Draining } from './http/draining';
import { createEdge, GRAPHQL_PATH } from './http/edge';
import { documentScanOf } from './limits/scanRefusal';
import type { Logger } from './logger';
import { costReportObserver } from './observability/costCollector';
import { createGatewayMetrics } from './observability/metrics';
import { createMetricsServer } from './observability/metricsEndpoint';
import { startTracing, type GatewayTracing } from './observability/tracing';
import { startSubscriptions, type Subscriptions } from './subscriptions';
import type { PollRegistry } from './subscriptions/registry';
import type { SubscriptionSlots } from './subscriptions/slots';
import type { PollTimer } from './subscriptions/timer';
import type { SseTransport } from './subscriptions/sse';
import { UpstreamClient } from './upstream/client';
import type { UpstreamTime } from './upstream/time';

export interface GatewayOptions {
  logger: Logger;
  /** Values GraphiQL pre-fills in its headers editor (the demo credentials when the demo upstream runs). */
  graphiqlHeaders?: Record<string, string>;
  /** Clock, sleep and jitter of the upstream client's retries and circuit breaker (tests drive time by hand). */
  upstreamTime?: UpstreamTime;
  /** Observers of each request's upstream requests (src/observability/upstreamEvents.ts). */
  observe?: readonly ObserverFactory[];
  /**
   * Turns tracing on with this exporter in place of OTLP (tests use an in-memory one); each span is
   * handed to it as it ends. Without it, tracing follows config.tracing.
   */
  traceExporter?: SpanExporter;
  /** When the subscriptions' next polls run, and SSE reservations expire (tests fire them by hand). */
  subscriptionTimer?: PollTimer;
  /** When a WebSocket idle for SUBSCRIPTION_IDLE_TIMEOUT_MS is closed (tests fire it by hand). */
  subscriptionIdleTimer?: PollTimer;
}

export interface Gateway {
  /** Starts listening; resolves to the gateway's base URL (http://host:port). */
  listen(): Promise<string>;
  /**
   * Starts leaving the load balancer's rotation while still serving: `/readyz` answers 503 and every
   * response asks its client to close the connection. src/index.ts calls it on SIGTERM, SHUTDOWN_DELAY_MS
   * before stop().
   */
  beginDraining(): void;
  /**
   * Begins draining if not yet done, stops accepting requests and lets in-flight ones finish; at the end
   * of the grace period aborts their upstream calls so they answer at once (UPSTREAM_UNAVAILABLE), then
   * closes the upstream pool.
   */
  stop(): Promise<void>;
  readonly httpServer: Server;
  /** The server of METRICS_PORT (listening once listen() resolved); undefined without METRICS_PORT or with METRICS off. */
  readonly metricsServer: Server | undefined;
  /** What /metrics serves; undefined when METRICS is off (then no metrics code runs at all). */
  readonly metricsRegistry: Registry | undefined;
  /** The subscriptions' shared poll loops (src/subscriptions/registry.ts). */
  readonly subscriptions: PollRegistry;
  /** The subscriptions open now, over every connection (src/subscriptions/slots.ts). */
  readonly subscriptionSlots: SubscriptionSlots;
  /** GraphQL over Server-Sent Events (src/subscriptions/sse.ts). */
  readonly eventStreams: Pick<SseTransport, 'reservationCount'>;
}

/**
 * How long after the grace period a stuck shutdown is given before the process exits anyway (code 1),
 * ms (src/index.ts). An orchestrator's kill deadline must leave room for it (deploy/deployment.yaml).
 */
export const SHUTDOWN_BACKSTOP_MS = 5000;

/** What GraphiQL's headers editor shows when no real values are known. */
const PLACEHOLDER_HEADERS = { Authorization: 'Bearer <your token>', 'Workspace-Id': '<your workspace id>' };

export async function createGateway(config: GatewayConfig, options: GatewayOptions): Promise<Gateway> {
  const { logger } = options;
  const client = new UpstreamClient({ ...config.upstream, time: options.upstreamTime, logger });
  const httpServer = createServer();
  const draining = new Draining();
  const tracing = await startTracing(config.tracing, options.traceExporter);
  const metrics = config.metrics.enabled ? createGatewayMetrics(client) : undefined;
  const metricsServer = metrics && config.metrics.port !== undefined ? createMetricsServer(metrics.handler) : undefined;
  const observe = observersOf(config, options, { tracing: tracing?.observe, metrics: metrics?.observe });
  const apollo = await startApollo(config, httpServer, logger, [...(tracing ? [tracing.plugin] : []), ...(metrics ? [metrics.plugin] : [])]);
  const contextDependencies = { client, pagination: config.pagination, operationTimeoutMs: config.operationTimeoutMs, lookahead: config.lookahead, maskSecrets: config.maskSecrets, observe };
  const { operationTimeoutMs: _none, ...subscriptionContext } = contextDependencies;
  // Before the edge, which hands Server-Sent Events requests to its SSE transport.
  const subscriptions = startSubscriptions({
    config,
    httpServer,
    path: GRAPHQL_PATH,
    apollo,
    context: subscriptionContext,
    logger,
    draining,
    timers: { poll: options.subscriptionTimer, idle: options.subscriptionIdleTimer },
    metrics,
  });
  const edge = createEdge({
    logger,
    upstream: client,
    apollo,
    graphiql: config.graphiql ? createGraphiQLHandler({ endpoint: GRAPHQL_PATH, defaultHeaders: options.graphiqlHeaders ?? PLACEHOLDER_HEADERS, upstreamReport: config.costReport }) : undefined,
    maxRequestBytes: config.limits.maxRequestBytes,
    documentScan: documentScanOf(config),
    routerSecret: routerSecretDigest(config.federation.routerSecret),
    draining,
    metrics: metricsServer ? undefined : metrics?.handler,
    countRefusal: metrics?.countRefusal,
    eventStreams: subscriptions.eventStreams,
    createContext: (header, requestId, fromRouter) => createContext(contextDependencies, header, requestId, fromRouter),
  });
  httpServer.on('request', edge);
  return {
    httpServer,
    metricsServer,
    metricsRegistry: metrics?.registry,
    subscriptions: subscriptions.registry,
    subscriptionSlots: subscriptions.slots,
    eventStreams: subscriptions.eventStreams,
    listen: async () => {
      const url = await listen(httpServer, config.listen);
      if (metricsServer) await listen(metricsServer, { host: config.listen.host, port: config.metrics.port ?? 0 });
      return url;
    },
    beginDraining: () => draining.begin(),
    stop: () => stopGateway({ config, logger, draining, subscriptions, client, apollo, metricsServer, tracing }),
  };
}

/** What stop() closes, in order. */
interface StoppableParts {
  config: GatewayConfig;
  logger: Logger;
  draining: Draining;
  subscriptions: Subscriptions;
  client: UpstreamClient;
  apollo: GatewayApollo;
  metricsServer: Server | undefined;
  tracing: GatewayTracing | undefined;
}

async function stopGateway({ config, logger, draining, subscriptions, client, apollo, metricsServer, tracing }: StoppableParts): Promise<void> {
  draining.begin();
  // Subscriptions last as long as their clients: they complete now, not at the end of the grace period
  // (an open SSE response would hold the HTTP drain for all of it).
  await subscriptions.close();
  // The drain closes connections still busy SHUTDOWN_ANSWER_MS later (apollo.ts).
  const abortAtGraceEnd = setTimeout(() => client.abortInFlight(), config.shutdownGraceMs);
  try {
    await apollo.server.stop();
  } finally {
    clearTimeout(abortAtGraceEnd);
  }
  await Promise.all([client.close(), metricsServer && closeServer(metricsServer)]);
  // Last: the spans of the requests drained above are exported too. A collector that is down costs
  // those spans, never the stop.
  await tracing?.shutdown().catch((error: unknown) => logger.warn({ err: error }, 'exporting the last spans failed'));
}

/**
 * The observer factories of every request: tracing's first (it adds `traceparent` to each attempt), the
 * cost report's when COST_REPORT is on, the caller's (tests), then the metrics'.
 */
function observersOf(config: GatewayConfig, options: GatewayOptions, made: { tracing?: ObserverFactory; metrics?: ObserverFactory }): ObserverFactory[] {
  const { tracing, metrics } = made;
  return [...(tracing ? [tracing] : []), ...(config.costReport ? [costReportObserver] : []), ...(options.observe ?? []), ...(metrics ? [metrics] : [])];
}

/** Scrapes are short: the metrics server's connections are closed rather than drained. */
function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function listen(httpServer: Server, { host, port }: GatewayConfig['listen']): Promise<string> {
  return new Promise((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => {
      const address = httpServer.address() as AddressInfo;
      const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve(`http://${hostname}:${address.port}`);
    });
  });
}
