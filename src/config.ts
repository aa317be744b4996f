/**
 * Gateway configuration: read once from an environment-like object, validated in one place.
 * `loadConfig` is pure (it never touches process.env itself) so tests can build any configuration.
 */
import { randomBytes } from 'node:crypto';

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
  /** Most Apollo Federation entity representations (`_entities`) one request may ask this subgraph to resolve. */
  maxEntityRepresentations: number;
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
    maxPageSize,
    defaultPageSize,
    cursorRealignRadius: int('CURSOR_REALIGN_RADIUS', 50, 0, 1000),
    cursorSecret: secret ? Buffer.from(secret, 'utf8') : randomBytes(32),
    graphiql: bool('GRAPHIQL', true),
    introspection: bool('INTROSPECTION', true),
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
