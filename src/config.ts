/**
 * Gateway configuration: read once from an environment-like object, validated in one place, grouped
 * into one section per component so that each component takes its section whole.
 * `loadConfig` is pure (it never touches process.env itself) so tests can build any configuration.
 */
import { randomBytes } from 'node:crypto';
import { EnvReader, type Env } from './envReader';
import type { InboundLimits } from './limits/settings';
import { LOG_LEVELS, type LogLevel } from './logger';
import { readTracing, type TracingSettings } from './observability/tracingConfig';
import type { PaginationSettings } from './pagination/args';
import type { UpstreamSettings } from './upstream/client';
import { readSubscriptionSettings, type SubscriptionSettings } from './subscriptions/settings';

export interface GatewayConfig {
  /** Where the gateway listens (port 0 = any free port). */
  listen: { host: string; port: number };
  /** The upstream client's settings: URL, timeouts, pool, caps, retries, retry budget, breaker, readiness, JSON limits. */
  upstream: Required<UpstreamSettings>;
  /** Per-GraphQL-operation deadline for all its upstream calls, retries and waits included, ms. */
  operationTimeoutMs: number;
  /** Page sizes, cursor re-alignment and the cursor signing key. */
  pagination: PaginationSettings;
  /** What one request may ask: body size, tokens, depth, aliases, root fields, directives, cost. */
  limits: InboundLimits;
  /** Serve GraphiQL at GET / and GET /graphql (browser). */
  graphiql: boolean;
  /** Allow schema introspection. */
  introspection: boolean;
  /**
   * Start the upstream requests of fields fetched by key before their parents resolve, and skip a
   * parent's own request when a child's proves it exists (src/lookahead). Off: one level at a time.
   */
  lookahead: boolean;
  /** Serve secret values in sync, model and connector `configuration` JSON as `*************` (src/secrets.ts). */
  maskSecrets: boolean;
  /**
   * COST_REPORT: a request with `X-Upstream-Report: 1` gets its upstream requests in `extensions.upstream`
   * (src/observability/costReport.ts), and GraphiQL shows them. On by default only with the demo upstream.
   */
  costReport: boolean;
  federation: {
    /** Most Apollo Federation entity representations (`_entities`) one request may ask this subgraph to resolve. */
    maxEntityRepresentations: number;
    /**
     * ROUTER_SECRET: when set, only requests carrying it in the `Router-Secret` header may query
     * `_service` and `_entities`. Undefined when unset (those fields are open to every caller).
     */
    routerSecret: string | undefined;
  };
  /**
   * Whether src/index.ts may start the embedded demo upstream when AISQUARED_API_URL is unset. Off in
   * production (NODE_ENV=production or DEMO_UPSTREAM=false): a gateway deployed without its API URL
   * must stop, not serve demo data.
   */
  demoUpstream: boolean;
  /**
   * On SIGTERM, how long the gateway keeps serving with `/readyz` at 503 before it stops accepting
   * connections: the time load balancers need to notice and send new requests elsewhere, ms.
   */
  shutdownDelayMs: number;
  /** On SIGTERM/stop, how long in-flight requests may take before their connections are closed, ms. */
  shutdownGraceMs: number;
  logLevel: LogLevel;
  /**
   * Prometheus metrics (src/observability/metrics.ts): collected and served at /metrics unless `enabled`
   * is false (METRICS); with `port` set (METRICS_PORT), served only on that port, on the same host.
   */
  metrics: { enabled: boolean; port: number | undefined };
  /** OpenTelemetry tracing (OTEL_* variables); undefined when off, and then no SDK module is loaded. */
  tracing: TracingSettings | undefined;
  /** Subscriptions: their polling, limits and idle timeout (src/subscriptions/settings.ts). */
  subscriptions: SubscriptionSettings;
}

/**
 * What loadConfig returns: without AISQUARED_API_URL the upstream's URL is undefined, and src/index.ts
 * starts the demo upstream and fills it in (withUpstreamUrl) before creating the gateway.
 */
export type LoadedConfig = Omit<GatewayConfig, 'upstream'> & { upstream: Omit<GatewayConfig['upstream'], 'url'> & { url: string | undefined } };

/** Thrown by loadConfig with every problem found, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Env): LoadedConfig {
  const read = new EnvReader(env);
  const listen = { host: read.raw('HOST')?.trim() || '127.0.0.1', port: read.int('PORT', 4000, 0, 65535) };
  const config: LoadedConfig = {
    listen,
    upstream: readUpstream(read),
    operationTimeoutMs: read.int('OPERATION_TIMEOUT_MS', 15000, 1, 600000),
    pagination: readPagination(read),
    limits: readLimits(read),
    graphiql: read.bool('GRAPHIQL', true),
    introspection: read.bool('INTROSPECTION', true),
    lookahead: read.bool('LOOKAHEAD', true),
    maskSecrets: read.bool('MASK_SECRETS', true),
    // Without AISQUARED_API_URL, src/index.ts starts the embedded demo upstream: the report is on there.
    costReport: read.bool('COST_REPORT', !read.raw('AISQUARED_API_URL')?.trim()),
    federation: { maxEntityRepresentations: read.int('MAX_ENTITY_REPRESENTATIONS', 100, 1, 10000), routerSecret: readRouterSecret(read) },
    demoUpstream: readDemoUpstream(read),
    shutdownDelayMs: read.int('SHUTDOWN_DELAY_MS', 5000, 0, 600000),
    shutdownGraceMs: read.int('SHUTDOWN_GRACE_MS', 10000, 0, 600000),
    logLevel: read.choice('LOG_LEVEL', LOG_LEVELS, 'info'),
    metrics: readMetrics(read, listen.port),
    tracing: readTracing(read),
    subscriptions: readSubscriptionSettings(read),
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

/** The configuration with the upstream's URL known. */
export function withUpstreamUrl(config: LoadedConfig, url: string): GatewayConfig {
  return { ...config, upstream: { ...config.upstream, url } };
}

function readUpstream(read: EnvReader): LoadedConfig['upstream'] {
  return {
    url: parseUpstreamUrl(read),
    connectTimeoutMs: read.int('UPSTREAM_CONNECT_TIMEOUT_MS', 3000, 1, 600000),
    headersTimeoutMs: read.int('UPSTREAM_HEADERS_TIMEOUT_MS', 10000, 1, 600000),
    bodyTimeoutMs: read.int('UPSTREAM_BODY_TIMEOUT_MS', 10000, 1, 600000),
    connections: read.int('UPSTREAM_CONNECTIONS', 64, 1, 10000),
    // Below the upstream's own idle timeout, so the gateway never reuses a socket the upstream is closing.
    keepAliveTimeoutMs: read.int('UPSTREAM_KEEPALIVE_MS', 4000, 1, 600000),
    maxResponseBytes: read.int('UPSTREAM_MAX_RESPONSE_BYTES', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    maxRequestsPerOperation: read.int('MAX_UPSTREAM_REQUESTS_PER_OPERATION', 300, 1, 100000),
    retry: {
      maxAttempts: read.int('UPSTREAM_RETRY_MAX_ATTEMPTS', 3, 1, 10),
      baseDelayMs: read.int('UPSTREAM_RETRY_BASE_DELAY_MS', 100, 0, 60000),
      maxDelayMs: read.int('UPSTREAM_RETRY_MAX_DELAY_MS', 1000, 0, 600000),
      retryAfterMaxMs: read.int('UPSTREAM_RETRY_AFTER_MAX_MS', 5000, 0, 600000),
    },
    retryBudget: {
      // Configured as retries per 100 calls; the budget works with the ratio.
      ratio: read.int('UPSTREAM_RETRY_BUDGET_PERCENT', 20, 0, 100) / 100,
      floor: read.int('UPSTREAM_RETRY_BUDGET_FLOOR', 10, 0, 100000),
      windowMs: read.int('UPSTREAM_RETRY_BUDGET_WINDOW_MS', 10000, 10, 3600000),
    },
    breaker: {
      failureThreshold: read.int('UPSTREAM_BREAKER_FAILURES', 5, 1, 10000),
      cooldownMs: read.int('UPSTREAM_BREAKER_COOLDOWN_MS', 5000, 1, 3600000),
      distinctCallers: read.int('UPSTREAM_BREAKER_CALLERS', 3, 1, 1000),
      windowMs: read.int('UPSTREAM_BREAKER_WINDOW_MS', 10000, 1, 3600000),
    },
    readinessTimeoutMs: read.int('READINESS_TIMEOUT_MS', 2000, 1, 600000),
    // Far below the few thousand levels at which V8's JSON.stringify overflows its stack.
    jsonLimits: { maxDepth: read.int('UPSTREAM_JSON_MAX_DEPTH', 64, 1, 1000), maxKeys: read.int('UPSTREAM_JSON_MAX_KEYS', 10000, 1, 1000000) },
  };
}

function readPagination(read: EnvReader): PaginationSettings {
  const maxPageSize = read.int('MAX_PAGE_SIZE', 100, 1, 10000);
  const defaultPageSize = read.int('DEFAULT_PAGE_SIZE', 10, 1, 10000);
  if (defaultPageSize > maxPageSize) {
    read.report(`DEFAULT_PAGE_SIZE (${defaultPageSize}) must not exceed MAX_PAGE_SIZE (${maxPageSize}).`);
  }
  const secret = read.raw('CURSOR_SECRET');
  if (secret !== undefined && secret !== '' && secret.length < 16) {
    read.report('CURSOR_SECRET must be at least 16 characters long.');
  }
  return {
    maxPageSize,
    defaultPageSize,
    realignRadius: read.int('CURSOR_REALIGN_RADIUS', 50, 0, 1000),
    // Random per process unless configured: cursors then stay valid only until a restart.
    cursorSecret: secret ? Buffer.from(secret, 'utf8') : randomBytes(32),
  };
}

function readLimits(read: EnvReader): InboundLimits {
  return {
    maxRequestBytes: read.int('MAX_REQUEST_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
    maxTokens: read.int('MAX_QUERY_TOKENS', 5000, 100, 1000000),
    maxDepth: read.int('MAX_QUERY_DEPTH', 12, 1, 1000),
    maxAliases: read.int('MAX_QUERY_ALIASES', 30, 0, 10000),
    maxRootFields: read.int('MAX_ROOT_FIELDS', 20, 1, 10000),
    maxDirectives: read.int('MAX_QUERY_DIRECTIVES', 50, 0, 10000),
    maxRepeatedFields: read.int('MAX_REPEATED_FIELDS', 20, 1, 10000),
    maxNesting: read.int('MAX_QUERY_NESTING', 64, 8, 1000),
    maxCost: read.int('MAX_QUERY_COST', 10000, 1, 100000000),
  };
}

function readMetrics(read: EnvReader, listenPort: number): GatewayConfig['metrics'] {
  const enabled = read.bool('METRICS', true);
  const given = read.raw('METRICS_PORT')?.trim();
  if (!given) return { enabled, port: undefined };
  const port = read.int('METRICS_PORT', 0, 0, 65535);
  // Port 0 (any free port, for tests) may repeat: each server gets its own.
  if (port !== 0 && port === listenPort) read.report(`METRICS_PORT must differ from PORT (${port}).`);
  return { enabled, port };
}

function readRouterSecret(read: EnvReader): string | undefined {
  const secret = read.raw('ROUTER_SECRET')?.trim();
  if (!secret) return undefined;
  // It travels in a header: printable ASCII only, and long enough not to be guessed.
  if (secret.length < 16 || !/^[\x21-\x7e]+$/.test(secret)) read.report('ROUTER_SECRET must be at least 16 printable ASCII characters without spaces.');
  return secret;
}

/**
 * DEMO_UPSTREAM, whose default NODE_ENV decides (the only setting NODE_ENV changes). When the demo may not
 * start, AISQUARED_API_URL is required: this is the problem a production process stops on.
 */
function readDemoUpstream(read: EnvReader): boolean {
  const production = read.raw('NODE_ENV')?.trim() === 'production';
  const allowed = read.bool('DEMO_UPSTREAM', !production);
  if (!allowed && !read.raw('AISQUARED_API_URL')?.trim()) {
    const reason = production ? 'NODE_ENV is production' : 'DEMO_UPSTREAM is false';
    read.report(`AISQUARED_API_URL must be set to the AI Squared API's base URL (e.g. https://api.squared.ai): ${reason}, so the embedded demo upstream does not start.`);
  }
  return allowed;
}

/** Origin plus optional base path, never a trailing slash; undefined when unset (start the demo upstream). */
function parseUpstreamUrl(read: EnvReader): string | undefined {
  const raw = read.raw('AISQUARED_API_URL');
  if (raw === undefined || raw.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    read.report(`AISQUARED_API_URL must be an absolute http(s) URL, got "${raw}".`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    read.report(`AISQUARED_API_URL must use http or https, got "${url.protocol}".`);
    return undefined;
  }
  if (url.username || url.password || url.search || url.hash) {
    read.report('AISQUARED_API_URL must not contain credentials, a query string or a fragment.');
    return undefined;
  }
  // Keep an optional base path (a self-hosted server behind a prefix), never a trailing slash.
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
