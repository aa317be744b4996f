/**
 * Gateway configuration: read once from an environment-like object, validated in one place.
 * `loadConfig` is pure (it never touches process.env itself) so tests can build any configuration.
 */
import { randomBytes } from 'node:crypto';
import type { InboundLimits } from './limits/settings';

export interface GatewayConfig {
  /** Origin (scheme://host[:port]) plus optional base path of the REST API, without a trailing slash. Undefined: start the demo upstream. */
  upstreamUrl: string | undefined;
  /** Port the gateway listens on (0 = any free port). */
  port: number;
  /** Interface the gateway binds to. */
  host: string;
  /** Connection timeout to the upstream, ms. */
  connectTimeoutMs: number;
  /** Time to wait for upstream response headers, ms. */
  headersTimeoutMs: number;
  /** Longest pause between upstream body chunks, ms. */
  bodyTimeoutMs: number;
  /** Most keep-alive sockets to the upstream. */
  upstreamConnections: number;
  /** Idle keep-alive time for upstream sockets, ms (below the upstream's own). */
  keepAliveTimeoutMs: number;
  /** Per-GraphQL-operation deadline for all its upstream calls, retries and waits included, ms. */
  operationTimeoutMs: number;
  /** Upstream response bodies larger than this are refused, bytes. */
  maxUpstreamResponseBytes: number;
  /** Most upstream requests (retries included) one GraphQL operation may make. */
  maxUpstreamRequestsPerOperation: number;
  /** Retries of idempotent upstream reads. */
  upstreamRetry: UpstreamRetryConfig;
  /** The circuit breaker in front of the upstream. */
  upstreamBreaker: { failureThreshold: number; cooldownMs: number };
  /** Time allowed for the upstream check behind /readyz, ms. */
  readinessTimeoutMs: number;
  /** `first`/`last` above this are rejected. */
  maxPageSize: number;
  /** Page size used when neither `first` nor `last` is given. */
  defaultPageSize: number;
  /** How far (in items) a cursor's item is searched for when the list moved since the cursor was issued. */
  cursorRealignRadius: number;
  /** Key that signs cursors; random per process unless configured. */
  cursorSecret: Buffer;
  /** Serve GraphiQL at GET / and GET /graphql (browser). */
  graphiql: boolean;
  /** Allow schema introspection. */
  introspection: boolean;
  /** What one request may ask: body size, tokens, depth, aliases, root fields, directives, cost. */
  inboundLimits: InboundLimits;
  /** On SIGTERM/stop, how long in-flight requests may take before their connections are closed, ms. */
  shutdownGraceMs: number;
  /** Most Apollo Federation entity representations (`_entities`) one request may ask this subgraph to resolve. */
  maxEntityRepresentations: number;
}

export interface UpstreamRetryConfig {
  /** Attempts per upstream GET, the first included (1 = never retry). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After honoured; a longer one fails the call at once. */
  retryAfterMaxMs: number;
  /** Retries allowed per 100 calls in the budget window, plus `budgetFloor`. */
  budgetPercent: number;
  budgetFloor: number;
  budgetWindowMs: number;
}

/** Thrown by loadConfig with every problem found, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env): GatewayConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    if (!/^\d+$/.test(raw.trim())) {
      problems.push(`${name} must be a whole number, got "${raw}".`);
      return fallback;
    }
    const value = Number(raw);
    if (value < min || value > max) {
      problems.push(`${name} must be between ${min} and ${max}, got ${value}.`);
      return fallback;
    }
    return value;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const v = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    problems.push(`${name} must be true or false, got "${raw}".`);
    return fallback;
  };

  const upstreamUrl = parseUpstreamUrl(env.AISQUARED_API_URL, problems);
  const maxPageSize = int('MAX_PAGE_SIZE', 100, 1, 10000);
  const defaultPageSize = int('DEFAULT_PAGE_SIZE', 10, 1, 10000);
  if (defaultPageSize > maxPageSize) {
    problems.push(`DEFAULT_PAGE_SIZE (${defaultPageSize}) must not exceed MAX_PAGE_SIZE (${maxPageSize}).`);
  }
  const secret = env.CURSOR_SECRET;
  if (secret !== undefined && secret !== '' && secret.length < 16) {
    problems.push('CURSOR_SECRET must be at least 16 characters long.');
  }

  const config: GatewayConfig = {
    upstreamUrl,
    port: int('PORT', 4000, 0, 65535),
    host: env.HOST?.trim() || '127.0.0.1',
    connectTimeoutMs: int('UPSTREAM_CONNECT_TIMEOUT_MS', 3000, 1, 600000),
    headersTimeoutMs: int('UPSTREAM_HEADERS_TIMEOUT_MS', 10000, 1, 600000),
    bodyTimeoutMs: int('UPSTREAM_BODY_TIMEOUT_MS', 10000, 1, 600000),
    upstreamConnections: int('UPSTREAM_CONNECTIONS', 64, 1, 10000),
    keepAliveTimeoutMs: int('UPSTREAM_KEEPALIVE_MS', 4000, 1, 600000),
    operationTimeoutMs: int('OPERATION_TIMEOUT_MS', 15000, 1, 600000),
    maxUpstreamResponseBytes: int('UPSTREAM_MAX_RESPONSE_BYTES', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    maxUpstreamRequestsPerOperation: int('MAX_UPSTREAM_REQUESTS_PER_OPERATION', 300, 1, 100000),
    upstreamRetry: {
      maxAttempts: int('UPSTREAM_RETRY_MAX_ATTEMPTS', 3, 1, 10),
      baseDelayMs: int('UPSTREAM_RETRY_BASE_DELAY_MS', 100, 0, 60000),
      maxDelayMs: int('UPSTREAM_RETRY_MAX_DELAY_MS', 1000, 0, 600000),
      retryAfterMaxMs: int('UPSTREAM_RETRY_AFTER_MAX_MS', 5000, 0, 600000),
      budgetPercent: int('UPSTREAM_RETRY_BUDGET_PERCENT', 20, 0, 100),
      budgetFloor: int('UPSTREAM_RETRY_BUDGET_FLOOR', 10, 0, 100000),
      budgetWindowMs: int('UPSTREAM_RETRY_BUDGET_WINDOW_MS', 10000, 10, 3600000),
    },
    upstreamBreaker: {
      failureThreshold: int('UPSTREAM_BREAKER_FAILURES', 5, 1, 10000),
      cooldownMs: int('UPSTREAM_BREAKER_COOLDOWN_MS', 5000, 1, 3600000),
    },
    readinessTimeoutMs: int('READINESS_TIMEOUT_MS', 2000, 1, 600000),
    maxPageSize,
    defaultPageSize,
    cursorRealignRadius: int('CURSOR_REALIGN_RADIUS', 50, 0, 1000),
    cursorSecret: secret ? Buffer.from(secret, 'utf8') : randomBytes(32),
    graphiql: bool('GRAPHIQL', true),
    introspection: bool('INTROSPECTION', true),
    inboundLimits: {
      maxRequestBytes: int('MAX_REQUEST_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
      maxTokens: int('MAX_QUERY_TOKENS', 5000, 100, 1000000),
      maxDepth: int('MAX_QUERY_DEPTH', 12, 1, 1000),
      maxAliases: int('MAX_QUERY_ALIASES', 30, 0, 10000),
      maxRootFields: int('MAX_ROOT_FIELDS', 20, 1, 10000),
      maxDirectives: int('MAX_QUERY_DIRECTIVES', 50, 0, 10000),
      maxCost: int('MAX_QUERY_COST', 10000, 1, 100000000),
    },
    shutdownGraceMs: int('SHUTDOWN_GRACE_MS', 10000, 0, 600000),
    maxEntityRepresentations: int('MAX_ENTITY_REPRESENTATIONS', 100, 1, 10000),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function parseUpstreamUrl(raw: string | undefined, problems: string[]): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    problems.push(`AISQUARED_API_URL must be an absolute http(s) URL, got "${raw}".`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(`AISQUARED_API_URL must use http or https, got "${url.protocol}".`);
    return undefined;
  }
  if (url.username || url.password || url.search || url.hash) {
    problems.push('AISQUARED_API_URL must not contain credentials, a query string or a fragment.');
    return undefined;
  }
  // Keep an optional base path (a self-hosted server behind a prefix), never a trailing slash.
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
