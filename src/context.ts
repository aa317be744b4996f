/**
 * The per-request context: the caller's credentials and a fresh set of loaders. Built for every
 * GraphQL request; nothing in it outlives the request.
 */
import { randomUUID } from 'node:crypto';
import { readCallerCredentials, type CallerCredentials } from './credentials';
import { RequestLoaders } from './loaders';
import type { PaginationSettings } from './pagination/args';
import type { CallScope, UpstreamClient } from './upstream/client';
import { startOperationDeadline } from './upstream/deadline';
import type { UpstreamObserver } from './observability/upstreamEvents';
import type { PollRegistry } from './subscriptions/registry';

/**
 * Makes one request's observer of its upstream requests (metrics, tracing, the cost report), or
 * undefined when it has nothing to watch; it may read the request's headers (X-Upstream-Report).
 */
export type ObserverFactory = (request: { requestId: string; header: (name: string) => string | undefined }) => UpstreamObserver | undefined;

export interface GatewayContext {
  requestId: string;
  credentials: CallerCredentials;
  loaders: RequestLoaders;
  pagination: PaginationSettings;
  client: UpstreamClient;
  /** Passed to every upstream call of this request. */
  scope: CallScope;
  /** Whether fields fetched by key plan their children's requests ahead (LOOKAHEAD). */
  lookahead: boolean;
  /** The request carries ROUTER_SECRET: it comes from the federation router (src/federation/routerGate.ts). */
  fromRouter: boolean;
  /** Whether secret values in `configuration` JSON are masked (MASK_SECRETS). */
  maskSecrets: boolean;
  /** The shared poll loops of subscriptions; absent on plain HTTP requests, where a subscription has no stream. */
  subscriptions?: PollRegistry;
}

export interface ContextDependencies {
  client: UpstreamClient;
  pagination: PaginationSettings;
  /** Deadline for all upstream work of one operation, ms; none when undefined. */
  operationTimeoutMs?: number;
  /** LOOKAHEAD; on unless false. */
  lookahead?: boolean;
  /** MASK_SECRETS; on unless false. */
  maskSecrets?: boolean;
  /** One observer per factory and request, in the request's CallScope (src/observability/). */
  observe?: readonly ObserverFactory[];
}

export function createContext(
  deps: ContextDependencies,
  header: (name: string) => string | undefined,
  requestId: string = randomUUID(),
  fromRouter = false,
): GatewayContext {
  const credentials = readCallerCredentials(header);
  const deadline = deps.operationTimeoutMs === undefined ? undefined : startOperationDeadline(deps.operationTimeoutMs);
  const scope: CallScope = { credentials, requestId, stats: { upstreamRequests: 0 }, signal: deadline?.signal, deadlineAt: deadline?.deadlineAt };
  const observers = observersFor(deps.observe, requestId, header);
  if (observers) scope.observers = observers;
  return {
    requestId,
    credentials,
    loaders: new RequestLoaders(deps.client, scope),
    pagination: deps.pagination,
    client: deps.client,
    scope,
    lookahead: deps.lookahead ?? true,
    fromRouter,
    maskSecrets: deps.maskSecrets ?? true,
  };
}

function observersFor(factories: readonly ObserverFactory[] | undefined, requestId: string, header: (name: string) => string | undefined): UpstreamObserver[] | undefined {
  if (!factories || factories.length === 0) return undefined;
  const observers = factories.map((make) => make({ requestId, header })).filter((observer): observer is UpstreamObserver => observer !== undefined);
  return observers.length > 0 ? observers : undefined;
}
