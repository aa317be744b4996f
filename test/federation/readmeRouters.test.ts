/**
 * The router setups of README.md and docs/federation.md, as printed. The `@apollo/gateway` router is run from its code
 * block: the only changes are its supergraph file (the test's composed supergraph, written to a temporary
 * file) and its environment (PORT=0, ROUTER_SECRET); queries go through it to our subgraph and back.
 * The Apollo Router rules cannot run here (the router is a binary): they are read and checked against
 * the subgraph name and headers the gateway expects, and a subscription reaches our subgraph the way the
 * router's passthrough mode opens one (the YAML's path, its propagated headers on the WebSocket upgrade,
 * `{ token }` as connection_init's payload). Hive Gateway's configs run in ./hiveGateway.test.ts and
 * ./hiveSubscriptions.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { parse as parseYaml } from 'yaml';
import { startDemoUpstream, type DemoUpstream } from '../../demo/src/server';
import { demoHeaders } from '../support/harness';
import { dataOf } from '../support/response';
import { restAll } from '../support/rest';
import { subscribe, wsClient } from '../support/subscriptionClient';
import { documentedSnippet, runSnippet } from './documentedSnippet';
import { startSubgraphs, type Subgraphs } from './subgraphs';

const ROUTER_SECRET = 'apollo-gateway-router-secret';

let upstream: DemoUpstream;
let subgraphs: Subgraphs;
let syncIds: number[];
let directory: string;

beforeAll(async () => {
  upstream = await startDemoUpstream();
  syncIds = (await restAll(upstream.url, '/api/v1/syncs')).map((sync) => Number(sync.id)).slice(0, 3);
  subgraphs = await startSubgraphs({
    upstream,
    ownership: { teams: [{ name: 'platform', slackChannel: '#platform', syncs: syncIds, connectors: [] }], incidents: [] },
    routerSecret: ROUTER_SECRET,
  });
  directory = mkdtempSync(join(tmpdir(), 'readme-router-'));
});

afterAll(async () => {
  await subgraphs?.close();
  await upstream?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

describe("the documented @apollo/gateway router", () => {
  it('runs as printed and serves a query across both subgraphs with the caller headers and the router secret', async () => {
    const supergraphFile = join(directory, 'supergraph.graphql');
    writeFileSync(supergraphFile, subgraphs.supergraph);
    const documented = "readFileSync('./supergraph.graphql', 'utf8')";
    const code = documentedSnippet('apollo-gateway');
    expect(code).toContain(documented);

    const started: Array<ApolloServer<{ headers: unknown }>> = [];
    const lines: string[] = [];
    await runSnippet(code.replace(documented, `readFileSync(${JSON.stringify(supergraphFile)}, 'utf8')`), {
      env: { PORT: '0', ROUTER_SECRET },
      log: (line) => lines.push(line),
      modules: {
        // The real function; the test keeps the server to stop it.
        '@apollo/server/standalone': {
          startStandaloneServer: (server: ApolloServer<{ headers: unknown }>, options: never) => {
            started.push(server);
            return startStandaloneServer(server, options);
          },
        },
      },
    });
    try {
      const routerUrl = /Router ready at (\S+)/.exec(lines.join('\n'))?.[1];
      expect(routerUrl).toMatch(/^http:\/\//);
      upstream.clearLog();
      // `status` comes through `_entities`, which our subgraph serves only with the router secret.
      const response = await fetch(String(routerUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...demoHeaders, cookie: 'session=secret' },
        body: JSON.stringify({ query: '{ teams { name syncs { databaseId status } } }' }),
      });
      const body = (await response.json()) as { data?: { teams: Array<{ syncs: Array<{ databaseId: number; status: string }> }> } };
      expect(dataOf({ body }).teams[0]?.syncs).toEqual(syncIds.map((databaseId) => ({ databaseId, status: expect.any(String) })));
      expect(upstream.requests.length).toBe(3);
      for (const request of upstream.requests) {
        expect(request.headers).toMatchObject(demoHeaders);
        expect(request.headers.cookie).toBeUndefined();
      }
    } finally {
      await Promise.all(started.map((server) => server.stop()));
    }
  });
});

describe("README's Apollo Router rules", () => {
  it('propagate Authorization and Workspace-Id to the aisquared subgraph, insert the router secret, and pass subscriptions to its WebSocket', () => {
    const config = parseYaml(documentedSnippet('apollo-router')) as unknown;
    expect(config).toEqual({
      headers: {
        subgraphs: {
          aisquared: {
            request: [
              { propagate: { named: 'authorization' } },
              { propagate: { named: 'workspace-id' } },
              { insert: { name: 'router-secret', value: '${env.ROUTER_SECRET}' } },
            ],
          },
        },
      },
      // Passthrough: the router opens the WebSocket with the headers above on its upgrade request, where
      // the gateway reads them (its connection_init payload is only `{ token }`).
      subscription: { enabled: true, mode: { passthrough: { subgraphs: { aisquared: { path: '/graphql', protocol: 'graphql_ws' } } } } },
    });
    expect(subgraphs.supergraph).toContain('@join__graph(name: "aisquared"');
  });

  it('reach our subgraph as Apollo Router passthrough does: the subscription path, the propagated headers on the upgrade, { token } as payload', async () => {
    const config = parseYaml(documentedSnippet('apollo-router')) as RouterYaml;
    const { path, protocol } = config.subscription.mode.passthrough.subgraphs.aisquared;
    expect(protocol).toBe('graphql_ws');
    // The router joins `path` to the subgraph's URL in the supergraph, and keeps the headers its rules give the subgraph.
    const subgraphUrl = `${subgraphs.ours.url}/graphql`;
    expect(subgraphs.supergraph).toContain(`url: "${subgraphUrl}"`);
    expect(new URL(path, subgraphUrl).href).toBe(subgraphUrl);
    const callerHeaders: Record<string, string> = { ...demoHeaders, cookie: 'session=secret' };
    const upgradeHeaders: Record<string, string> = { 'router-secret': ROUTER_SECRET };
    for (const rule of config.headers.subgraphs.aisquared.request) {
      const named = rule.propagate?.named;
      if (named && callerHeaders[named]) upgradeHeaders[named] = callerHeaders[named];
    }
    const client = wsClient(subgraphs.ours.url, { token: demoHeaders.authorization }, undefined, upgradeHeaders);
    try {
      upstream.clearLog();
      const reader = subscribe<{ syncUpdated: { databaseId: number } }>(client, 'subscription ($id: Int!) { syncUpdated(databaseId: $id) { databaseId } }', { id: syncIds[0] });
      expect(await reader.next()).toEqual({ data: { syncUpdated: { databaseId: syncIds[0] } } });
      reader.unsubscribe();
      expect(upstream.requests.map((request) => request.headers)).toEqual([expect.objectContaining(demoHeaders), expect.objectContaining(demoHeaders)]);
    } finally {
      await client.dispose();
    }
  });
});

/** The part of README's router.yaml the tests read. */
interface RouterYaml {
  headers: { subgraphs: { aisquared: { request: Array<{ propagate?: { named: string } }> } } };
  subscription: { mode: { passthrough: { subgraphs: { aisquared: { path: string; protocol: string } } } } };
}
