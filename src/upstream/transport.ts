/**
 * The only importer of undici: one keep-alive pool to the upstream origin, explicit timeouts on every
 * request, never a redirect followed. `send` makes exactly one network request and never throws: every
 * way it can end is an Attempt, and the response body is read to its end (or the size cap) on every path.
 */
import { Pool } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from '../logger';
import { classifyTransportError, type TransportFailureKind } from './transportFailure';

/** The connection settings of the pool (part of the configuration's upstream section). */
export interface TransportSettings {
  /** Origin plus optional base path, e.g. https://api.squared.ai or http://127.0.0.1:3000/prefix. */
  url: string;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  keepAliveTimeoutMs: number;
  connections: number;
}

interface TransportOptions extends TransportSettings {
  /** Bodies larger than this end the attempt as a `too-large` failure, bytes. */
  maxResponseBytes: number;
  logger: Logger;
}

/** One request as it goes on the wire; `path` includes the base path and query, `route` is for logs. */
export interface WireRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  route: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** How one network attempt ended: a whole response, or no usable response. */
export type Attempt =
  | { kind: 'response'; status: number; headers: IncomingHttpHeaders; text: string }
  | { kind: 'failure'; failure: TransportFailureKind; errorCode: string | undefined; status: number };

export class UpstreamTransport {
  /** The URL's path without a trailing slash; every request path starts with it. */
  readonly basePath: string;
  private readonly pool: Pool;
  private readonly logger: Logger;

  constructor(options: TransportOptions) {
    const url = new URL(options.url);
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.logger = options.logger;
    this.pool = new Pool(url.origin, {
      connections: options.connections,
      connectTimeout: options.connectTimeoutMs,
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.bodyTimeoutMs,
      keepAliveTimeout: options.keepAliveTimeoutMs,
      maxResponseSize: options.maxResponseBytes,
      // HTTP/1.1 keep-alive only: one stale HTTP/2 session must not fail many requests at once.
      allowH2: false,
    });
  }

  async send(request: WireRequest, signal: AbortSignal | undefined, requestId: string): Promise<Attempt> {
    const started = performance.now();
    let status = 0;
    try {
      const response = await this.pool
        .request({ method: request.method, path: request.path, headers: request.headers, body: request.body, signal, idempotent: request.method === 'GET' })
        .catch((error: unknown) => ({ error }));
      if ('error' in response) return failureOf(response.error, 'head', 0);
      status = response.statusCode;
      try {
        return { kind: 'response', status, headers: response.headers, text: await response.body.text() };
      } catch (error) {
        return failureOf(error, 'body', status);
      }
    } finally {
      this.logger.debug({ requestId, method: request.method, route: request.route, status, ms: Math.round(performance.now() - started) }, 'upstream call');
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

function failureOf(error: unknown, phase: 'head' | 'body', status: number): Attempt {
  const code = (error as { code?: unknown } | null)?.code;
  return { kind: 'failure', failure: classifyTransportError(error, phase), errorCode: typeof code === 'string' ? code : undefined, status };
}
