/**
 * The two-subgraph supergraph of ./subgraphs.ts, served by Hive Gateway's runtime
 * (@graphql-hive/gateway-runtime) on node:http instead of @apollo/gateway. Hive merges parallel entity
 * fetches to one subgraph into one request of aliased `_entities` fields: every HTTP request it sends to
 * a subgraph is recorded, body and headers, as the subgraph received it.
 *
 * The Hive Gateway CLI bundles its HTTP transport (@graphql-mesh/transport-http); the runtime alone
 * does not, so `httpTransport` below is the few lines of it a federation supergraph needs. It sends
 * through the `fetch` Hive hands it, which is where `propagateHeaders` applies. Like the real one, it
 * hands subscriptions to the transport named in its entry's `options.subscriptions` (the `ws` transport,
 * @graphql-mesh/transport-ws, is registered), at that entry's location resolved against the subgraph's.
 */
import { createGatewayRuntime, type GatewayConfigSupergraph } from '@graphql-hive/gateway-runtime';
import { buildHTTPExecutor } from '@graphql-tools/executor-http';
import type { TransportEntry, TransportGetSubgraphExecutorOptions } from '@graphql-mesh/transport-common';
import wsTransport from '@graphql-mesh/transport-ws';
import type { MeshFetch } from '@graphql-mesh/types';
import type { ExecutionRequest, Executor } from '@graphql-tools/utils';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DemoUpstream } from '../../demo/src/server';
import type { PollTimer } from '../../src/subscriptions/timer';
import { postGraphQL, type GraphQLResponse, type Harness } from '../support/harness';
import type { OwnershipData, OwnershipSubgraph } from './ownershipSubgraph';
import { startSubgraphs } from './subgraphs';

export interface SubgraphRequest {
  subgraph: string;
  query: string;
  variables: Record<string, unknown>;
  headers: Record<string, string>;
}

/** What a test adds to the gateway config besides the supergraph and the transport. */
export type HiveOptions = Omit<GatewayConfigSupergraph, 'supergraph' | 'transports' | 'logging'>;

export interface HiveSupergraph {
  ours: Harness;
  ownership: OwnershipSubgraph;
  routerUrl: string;
  /** Every HTTP request Hive sent to a subgraph, in order. */
  requests: SubgraphRequest[];
  /** Close codes of Hive's WebSockets to subgraphs (subscriptions), in order. */
  socketCloses: number[];
  /** Resolves once one of Hive's WebSockets to a subgraph has closed with `code`. */
  socketClosed(code: number): Promise<void>;
  query<D = unknown>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<D>>;
  clearLogs(): void;
  close(): Promise<void>;
}

export async function startHiveSupergraph(options: {
  ownership: OwnershipData;
  upstream: DemoUpstream;
  hive: HiveOptions;
  /** ROUTER_SECRET of our subgraph (the Hive config must send it). */
  routerSecret?: string;
  /** When our subgraph's subscriptions poll again. */
  subscriptionTimer?: PollTimer;
}): Promise<HiveSupergraph> {
  const { ours, ownership, supergraph, close: closeSubgraphs } = await startSubgraphs(options);

  const requests: SubgraphRequest[] = [];
  const closes = closeLog();
  const transports = { http: httpTransport(requests), ws: observedWsTransport(closes.add) };
  const gateway = createGatewayRuntime({ ...options.hive, supergraph, logging: false, transports });
  const server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const routerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;

  return {
    ours,
    ownership,
    routerUrl,
    requests,
    socketCloses: closes.codes,
    socketClosed: closes.until,
    query: (query, variables, headers = {}) => postGraphQL(routerUrl, query, variables, headers),
    clearLogs() {
      requests.length = 0;
      closes.codes.length = 0;
      ours.upstream.clearLog();
      ownership.requests.length = 0;
    },
    async close() {
      await gateway.dispose();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await closeSubgraphs();
    },
  };
}

/**
 * Hive's `ws` transport (@graphql-mesh/transport-ws), reporting the close code of each of its sockets.
 * Its sockets close as soon as their last subscription ends (`lazyCloseTimeout: 0`, 3 s by default):
 * graphql-ws leaves that timer running after the gateway is disposed, which would hold jest open.
 */
function observedWsTransport(onClose: (code: number) => void) {
  return {
    getSubgraphExecutor(options: TransportGetSubgraphExecutorOptions) {
      const transportEntry: TransportEntry = { ...options.transportEntry, options: { ...options.transportEntry.options, lazyCloseTimeout: 0 } };
      return wsTransport.getSubgraphExecutor({ ...options, transportEntry }, (client) => client.on('closed', (event) => onClose((event as { code: number }).code)));
    },
  };
}

/** Close codes in order, and waiters for one of them. */
function closeLog() {
  const codes: number[] = [];
  let waiting: Array<{ code: number; resolve: () => void }> = [];
  return {
    codes,
    add(code: number) {
      codes.push(code);
      for (const waiter of waiting.filter((entry) => entry.code === code)) waiter.resolve();
      waiting = waiting.filter((entry) => entry.code !== code);
    },
    until(code: number): Promise<void> {
      return codes.includes(code) ? Promise.resolve() : new Promise((resolve) => waiting.push({ code, resolve }));
    },
  };
}

/** What `options.subscriptions` of an `http` transport entry holds: the entry subscriptions go through. */
type SubscriptionsEntry = Partial<Pick<TransportEntry, 'kind' | 'location' | 'headers' | 'options'>>;

/** Hive's `http` transport: an HTTP executor per subgraph over Hive's own fetch, logging each request. */
function httpTransport(log: SubgraphRequest[]) {
  return {
    getSubgraphExecutor(payload: TransportGetSubgraphExecutorOptions<{ subscriptions?: SubscriptionsEntry }>): Executor {
      const { subgraphName, transportEntry, fetch } = payload;
      if (!fetch) throw new Error('Hive gave the transport no fetch.');
      const logged: MeshFetch = (url, init, ...rest) => {
        const body = JSON.parse(String(init?.body ?? '{}')) as { query?: string; variables?: Record<string, unknown> };
        const headers = Object.fromEntries(Object.entries(init?.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]));
        log.push({ subgraph: subgraphName, query: body.query ?? '', variables: body.variables ?? {}, headers });
        return fetch(url, init, ...rest);
      };
      const overHttp = buildHTTPExecutor({ endpoint: transportEntry.location, fetch: logged });
      const subscriptions = transportEntry.options?.subscriptions;
      return subscriptions ? withSubscriptionExecutor(overHttp, subscriptions, payload) : overHttp;
    },
  };
}

/** Sends subscriptions through the transport `subscriptions` names and everything else over HTTP. */
function withSubscriptionExecutor(overHttp: Executor, subscriptions: SubscriptionsEntry, payload: TransportGetSubgraphExecutorOptions): Executor {
  const { transportEntry } = payload;
  const location = transportEntry.location ?? '';
  const executor = Promise.resolve(
    payload.getTransportExecutor({
      ...transportEntry,
      kind: subscriptions.kind ?? transportEntry.kind,
      location: subscriptions.location ? new URL(subscriptions.location, location).toString() : location,
      headers: subscriptions.headers,
      options: subscriptions.options,
    }),
  );
  const hybrid = (request: ExecutionRequest) =>
    request.operationType === 'subscription' ? executor.then((subscribe) => subscribe(request)) : overHttp(request);
  // Hive disposes the executor a transport returns: the WebSocket one's sockets close with it.
  return Object.assign(hybrid, {
    [Symbol.asyncDispose]: async () => {
      const subscribe = await executor;
      if (Symbol.asyncDispose in subscribe) await (subscribe as AsyncDisposable)[Symbol.asyncDispose]();
    },
  }) as Executor;
}
