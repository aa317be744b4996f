/**
 * The two-subgraph supergraph of ./subgraphs.ts, served by Hive Gateway's runtime
 * (@graphql-hive/gateway-runtime) on node:http instead of @apollo/gateway. Hive merges parallel entity
 * fetches to one subgraph into one request of aliased `_entities` fields: every HTTP request it sends to
 * a subgraph is recorded, body and headers, as the subgraph received it.
 *
 * The Hive Gateway CLI bundles its HTTP transport (@graphql-mesh/transport-http); the runtime alone
 * does not, so `httpTransport` below is the few lines of it a federation supergraph needs. It sends
 * through the `fetch` Hive hands it, which is where `propagateHeaders` applies.
 */
import { createGatewayRuntime, type GatewayConfigSupergraph } from '@graphql-hive/gateway-runtime';
import { buildHTTPExecutor } from '@graphql-tools/executor-http';
import type { MeshFetch } from '@graphql-mesh/types';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DemoUpstream } from '../../demo/src/server';
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
}): Promise<HiveSupergraph> {
  const { ours, ownership, supergraph, close: closeSubgraphs } = await startSubgraphs(options);

  const requests: SubgraphRequest[] = [];
  const gateway = createGatewayRuntime({ ...options.hive, supergraph, logging: false, transports: { http: httpTransport(requests) } });
  const server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const routerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;

  return {
    ours,
    ownership,
    routerUrl,
    requests,
    query: (query, variables, headers = {}) => postGraphQL(routerUrl, query, variables, headers),
    clearLogs() {
      requests.length = 0;
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

/** Hive's `http` transport: an HTTP executor per subgraph over Hive's own fetch, logging each request. */
function httpTransport(log: SubgraphRequest[]) {
  return {
    getSubgraphExecutor({ subgraphName, transportEntry, fetch }: { subgraphName: string; transportEntry: { location?: string }; fetch?: MeshFetch }) {
      if (!fetch) throw new Error('Hive gave the transport no fetch.');
      const logged: MeshFetch = (url, init, ...rest) => {
        const body = JSON.parse(String(init?.body ?? '{}')) as { query?: string; variables?: Record<string, unknown> };
        const headers = Object.fromEntries(Object.entries(init?.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]));
        log.push({ subgraph: subgraphName, query: body.query ?? '', variables: body.variables ?? {}, headers });
        return fetch(url, init, ...rest);
      };
      return buildHTTPExecutor({ endpoint: transportEntry.location, fetch: logged });
    },
  };
}
