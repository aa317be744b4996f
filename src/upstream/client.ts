/**
 * The only importer of undici. One keep-alive pool to the configured upstream origin; every call
 * carries explicit timeouts, forwards exactly the caller's Authorization and Workspace-Id, consumes
 * the response body on every path, never follows redirects, and maps every failure to a GraphQL error.
 */
import { Pool, errors as undiciErrors } from 'undici';
import type { GraphQLError } from 'graphql';
import { upstreamHeadersFor, type CallerCredentials } from '../credentials';
import { ErrorCode, gatewayError } from '../errors';
import type { Logger } from '../logger';
import { mapUpstreamStatus, unavailableError, unparsableBodyError } from './errorMapping';

export interface UpstreamClientOptions {
  /** Origin plus optional base path, e.g. https://api.squared.ai or http://127.0.0.1:3000/prefix. */
  baseUrl: string;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  keepAliveTimeoutMs: number;
  connections: number;
  /** Upstream bodies larger than this are refused (bytes). */
  maxResponseBytes?: number;
  logger: Logger;
}

export interface UpstreamCall {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** A path from upstreamPaths (already validated and encoded). */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Every route but /workspaces is scoped by the Workspace-Id header. */
  needsWorkspace: boolean;
}

/** Per-GraphQL-request facts the client needs: who is calling, and counters for logs and limits. */
export interface CallScope {
  credentials: CallerCredentials;
  requestId: string;
  stats: { upstreamRequests: number };
  signal?: AbortSignal;
}

export class UpstreamClient {
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly logger: Logger;

  constructor(private readonly options: UpstreamClientOptions) {
    const url = new URL(options.baseUrl);
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.logger = options.logger;
    this.pool = new Pool(url.origin, {
      connections: options.connections,
      connectTimeout: options.connectTimeoutMs,
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.bodyTimeoutMs,
      keepAliveTimeout: options.keepAliveTimeoutMs,
      maxResponseSize: options.maxResponseBytes ?? 10 * 1024 * 1024,
      // HTTP/1.1 keep-alive only: one stale HTTP/2 session must not fail many requests at once.
      allowH2: false,
    });
  }

  /** Performs one upstream call and returns its parsed JSON body (null for an empty 2xx body). */
  async call<T>(call: UpstreamCall, scope: CallScope): Promise<T> {
    const headers: Record<string, string> = {
      ...upstreamHeadersFor(scope.credentials, call.needsWorkspace),
      accept: 'application/json',
    };
    let body: string | undefined;
    if (call.body !== undefined) {
      body = JSON.stringify(call.body);
      headers['content-type'] = 'application/json';
    }
    const path = this.basePath + call.path + queryString(call.query);
    scope.stats.upstreamRequests += 1;
    const started = performance.now();
    let status = 0;
    try {
      const response = await this.pool.request({
        method: call.method,
        path,
        headers,
        body,
        signal: scope.signal,
        idempotent: call.method === 'GET',
      });
      status = response.statusCode;
      const text = await response.body.text();
      return this.interpret<T>(status, text, call, scope);
    } catch (error) {
      if (isGraphQLError(error)) throw error;
      throw this.transportError(error, call, scope);
    } finally {
      this.logger.debug(
        { requestId: scope.requestId, method: call.method, route: call.path, status, ms: Math.round(performance.now() - started) },
        'upstream call',
      );
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private interpret<T>(status: number, text: string, call: UpstreamCall, scope: CallScope): T {
    let parsed: unknown;
    let parseFailed = false;
    if (text.trim() !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parseFailed = true;
      }
    }
    if (status >= 200 && status < 300) {
      if (parseFailed) {
        this.logger.warn({ requestId: scope.requestId, route: call.path, status }, 'upstream sent a body that is not JSON');
        throw unparsableBodyError(status);
      }
      return (parsed ?? null) as T;
    }
    const mapped = mapUpstreamStatus(status, parseFailed ? undefined : parsed);
    const level = status >= 500 ? 'error' : 'info';
    this.logger[level](
      { requestId: scope.requestId, method: call.method, route: call.path, status, upstreamDetail: mapped.detail },
      'upstream answered with an error',
    );
    throw mapped.error;
  }

  private transportError(error: unknown, call: UpstreamCall, scope: CallScope): GraphQLError {
    const code = (error as { code?: string } | null)?.code;
    this.logger.warn({ requestId: scope.requestId, method: call.method, route: call.path, errorCode: code }, 'upstream call failed');
    if (error instanceof undiciErrors.ResponseExceededMaxSizeError) {
      return gatewayError(ErrorCode.UPSTREAM_ERROR, 'The AI Squared API sent a response larger than the gateway accepts.');
    }
    if (
      error instanceof undiciErrors.HeadersTimeoutError ||
      error instanceof undiciErrors.BodyTimeoutError ||
      error instanceof undiciErrors.ConnectTimeoutError ||
      (error as Error)?.name === 'AbortError' ||
      (error as Error)?.name === 'TimeoutError'
    ) {
      return unavailableError('timeout');
    }
    return unavailableError('connection');
  }
}

function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === 'GraphQLError';
}

/** Query strings are built with URLSearchParams, never by concatenation. */
function queryString(query: UpstreamCall['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
