/**
 * A whole supergraph in-process on 127.0.0.1: the real gateway as the `aisquared` subgraph (over the
 * real demo upstream), the ownership subgraph, their composition by @apollo/composition, and an
 * @apollo/gateway router that propagates the caller's Authorization and Workspace-Id to our subgraph,
 * as the Apollo Router rules in docs/federation.md do.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { parse } from 'graphql';
import type { IncomingHttpHeaders } from 'node:http';
import type { DemoUpstream } from '../../demo/src/server';
import { postGraphQL, startHarness, type GraphQLResponse, type Harness } from '../support/harness';
import { ownershipTypeDefs, startOwnershipSubgraph, type OwnershipData, type OwnershipSubgraph } from './ownershipSubgraph';

/** The only caller headers the router forwards to the aisquared subgraph. */
export const PROPAGATED_HEADERS = ['authorization', 'workspace-id'] as const;

export interface SubgraphFetch {
  subgraph: string;
  query: string;
  variables: Record<string, unknown> | undefined;
  headers: Record<string, string>;
}

export interface Supergraph {
  ours: Harness;
  ownership: OwnershipSubgraph;
  supergraphSdl: string;
  routerUrl: string;
  /** Every subgraph request the router sent, in order. */
  fetches: SubgraphFetch[];
  /** POSTs to the router with `headers` (no credentials unless given). */
  query<D = unknown>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<D>>;
  clearLogs(): void;
  close(): Promise<void>;
}

const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** Composes the two subgraphs' SDL as a supergraph build in CI would; throws with every composition error. */
export function composeSupergraph(ourSdl: string, urls: { aisquared: string; ownership: string }): string {
  const result = composeServices([
    { name: 'aisquared', typeDefs: parse(ourSdl), url: urls.aisquared },
    { name: 'ownership', typeDefs: ownershipTypeDefs, url: urls.ownership },
  ]);
  if (result.errors) throw new Error(`Composition failed:\n${result.errors.map((error) => `- ${error.message}`).join('\n')}`);
  return result.supergraphSdl;
}

export async function startSupergraph(options: { ownership: OwnershipData; upstream: DemoUpstream; env?: Record<string, string> }): Promise<Supergraph> {
  const ours = await startHarness({ upstream: options.upstream, env: options.env });
  const ownership = await startOwnershipSubgraph(options.ownership);
  // The SDL our running subgraph serves, as `rover subgraph introspect` would read it.
  const served = await ours.graphql<{ _service: { sdl: string } }>('{ _service { sdl } }', undefined, {});
  if (!served.body.data) throw new Error(`_service failed: ${JSON.stringify(served.body.errors)}`);
  const supergraphSdl = composeSupergraph(served.body.data._service.sdl, { aisquared: `${ours.url}/graphql`, ownership: ownership.url });

  const fetches: SubgraphFetch[] = [];
  const gateway = new ApolloGateway({
    supergraphSdl,
    logger: silentLogger,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<{ headers: IncomingHttpHeaders }>({
        url,
        // Node's own fetch: loopback only, and no proxy settings of the environment apply.
        fetcher: fetch as never,
        willSendRequest({ request, context }) {
          if (name === 'aisquared') {
            for (const header of PROPAGATED_HEADERS) {
              const value = context.headers?.[header];
              if (typeof value === 'string') request.http?.headers.set(header, value);
            }
          }
          const headers = Object.fromEntries(request.http?.headers ?? []);
          fetches.push({ subgraph: name, query: request.query ?? '', variables: request.variables, headers });
        },
      }),
  });
  const router = new ApolloServer<{ headers: IncomingHttpHeaders }>({ gateway, logger: silentLogger, includeStacktraceInErrorResponses: false });
  const { url: routerUrl } = await startStandaloneServer(router, {
    listen: { host: '127.0.0.1', port: 0 },
    context: async ({ req }) => ({ headers: req.headers }),
  });

  return {
    ours,
    ownership,
    supergraphSdl,
    routerUrl,
    fetches,
    query: (query, variables, headers = {}) => postGraphQL(routerUrl, query, variables, headers),
    clearLogs() {
      fetches.length = 0;
      ours.upstream.clearLog();
      ownership.requests.length = 0;
    },
    async close() {
      await router.stop();
      await ownership.stop();
      await ours.close();
    },
  };
}
