/**
 * The upstream's pagination `links` name a scheme and host (whatever the upstream believes its own
 * address is). The gateway reads only page numbers from them: a link pointing at another host is
 * never requested, and paging still works. The upstream here is a proxy in front of the demo
 * upstream that rewrites every link to a second, recording server.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startDemoUpstream, type DemoUpstream } from '../../demo/src/server';
import { demoHeaders, startHarness, type GraphQLResponse, type Harness } from '../support/harness';
import { dataOf } from '../support/response';
import { restAll } from '../support/rest';

let demo: DemoUpstream;
let proxy: Server;
let elsewhere: Server;
let proxyUrl: string;
let elsewhereRequests: string[];
let harness: Harness;
type SyncsPage = { syncs: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Array<{ databaseId: number }> } };

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  demo = await startDemoUpstream();
  elsewhereRequests = [];
  elsewhere = createServer((req, res) => {
    elsewhereRequests.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    res.end('{}');
  });
  const elsewhereUrl = await listen(elsewhere);
  proxy = createServer((req, res) => {
    const headers: Record<string, string> = {};
    for (const name of ['authorization', 'workspace-id', 'accept']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    void fetch(`${demo.url}${req.url}`, { headers }).then(async (upstream) => {
      const text = await upstream.text();
      // Every absolute URL in the body (the links) now points at the other server.
      const rewritten = text.replace(/https?:\/\/[^/"]+/g, `${elsewhereUrl}`);
      res.writeHead(upstream.status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(rewritten);
    });
  });
  proxyUrl = await listen(proxy);
  harness = await startHarness({ upstream: demo, upstreamUrl: proxyUrl });
});
afterAll(async () => {
  await harness.close();
  await demo.close();
  proxy.closeAllConnections();
  elsewhere.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
  await new Promise((resolve) => elsewhere.close(resolve));
});

it('the proxy really rewrites the links to the other host', async () => {
  const page = (await (await fetch(`${proxyUrl}/api/v1/syncs?page=1&per_page=2`, { headers: demoHeaders })).json()) as { links: { next: string } };
  const port = (elsewhere.address() as AddressInfo).port;
  expect(page.links.next).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/`));
});

it('pages through every sync from page numbers alone and never contacts the host the links name', async () => {
  const expected = (await restAll(demo.url, '/api/v1/syncs')).map((sync) => Number(sync.id));
  const seen: number[] = [];
  let after: string | null = null;
  for (;;) {
    const response: GraphQLResponse<SyncsPage> = await harness.graphql<SyncsPage>(
      'query ($after: String) { syncs(first: 7, after: $after) { pageInfo { hasNextPage endCursor } nodes { databaseId } } }',
      { after },
    );
    expect(response.body.errors).toBeUndefined();
    seen.push(...dataOf(response).syncs.nodes.map((node) => node.databaseId));
    if (!dataOf(response).syncs.pageInfo.hasNextPage) break;
    after = dataOf(response).syncs.pageInfo.endCursor;
  }
  expect(seen).toEqual(expected);
  expect(elsewhereRequests).toEqual([]);
});
