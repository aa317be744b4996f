/**
 * GraphiQL's routes over real HTTP (no browser): the page, its self-hosted assets, the switches that turn
 * GraphiQL and introspection off, and GraphQL GETs that must still reach Apollo.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { DEMO_TOKEN, DEMO_WORKSPACE_ID } from '../../demo/src/credentials';
import { EXAMPLE_QUERY } from '../../src/graphiql';
import { resolvePackageFile } from '../../src/graphiql/assetTable';
import { demoHeaders, startHarness, type Harness } from '../support/harness';
import { dataOf, defined, firstErrorOf, lastOf, type GraphQLBody } from '../support/response';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const DEMO_GRAPHIQL_HEADERS = { Authorization: `Bearer ${DEMO_TOKEN}`, 'Workspace-Id': String(DEMO_WORKSPACE_ID) };

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET (or HEAD) whose path is sent exactly as given (fetch would normalize `..`) and whose body is not decoded. */
function rawRequest(baseUrl: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function assetPaths(html: string): string[] {
  return [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((url) => !url.startsWith('data:'));
}

interface PageConfig {
  endpoint: string;
  defaultQuery: string;
  defaultHeaders: string;
  storageNamespace: string;
}

/** The Content-Security-Policy header's directives: name -> its sources. */
function directivesOf(policy: string | string[] | undefined): Record<string, string[]> {
  if (typeof policy !== 'string') throw new Error(`Expected one Content-Security-Policy header, got ${String(policy)}.`);
  return Object.fromEntries(
    policy.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

function pageConfig(html: string): PageConfig {
  const match = /<script type="application\/json" id="graphiql-config">([^<]*)<\/script>/.exec(html);
  if (!match) throw new Error('The page has no graphiql-config block.');
  return JSON.parse(match[1]!) as PageConfig;
}

describe('GraphiQL with the demo credentials', () => {
  let harness: Harness;
  let html: string;
  let policy: string | string[] | undefined;
  beforeAll(async () => {
    harness = await startHarness({ graphiqlHeaders: DEMO_GRAPHIQL_HEADERS });
    const page = await rawRequest(harness.url, '/', { accept: BROWSER_ACCEPT });
    html = page.body.toString('utf8');
    policy = page.headers['content-security-policy'];
  });
  afterAll(() => harness.close());

  it.each([
    ['/', 'a browser', BROWSER_ACCEPT],
    ['/', 'a JSON client', 'application/json'],
    ['/graphql', 'a browser', BROWSER_ACCEPT],
    ['/graphql', 'Accept: text/html', 'text/html'],
  ])('serves the page at GET %s to %s, under a strict Content-Security-Policy', async (path, _client, accept) => {
    const response = await rawRequest(harness.url, path, { accept });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toBe(policy);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.body.toString('utf8')).toBe(html);
  });

  it('allows no inline or eval\'d script and loads nothing from another origin', () => {
    const directives = directivesOf(policy);
    const { host } = new URL(harness.url);
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    // GraphiQL's subscriptions open a WebSocket to the host the page came from, and nowhere else.
    expect(directives['connect-src']).toEqual(["'self'", `ws://${host}`, `wss://${host}`]);
    for (const values of Object.values(directives)) {
      expect(values.filter((v) => !["'self'", "'none'", "'unsafe-inline'", 'data:', `ws://${host}`, `wss://${host}`].includes(v))).toEqual([]);
    }
    expect(directives['style-src']).toEqual(["'self'"]);
  });

  it.each([
    ['names the WebSocket URL of the Host the page was asked for, in lower case', 'Gateway.Example:8443', ["'self'", 'ws://gateway.example:8443', 'wss://gateway.example:8443']],
    ['keeps to \'self\' when the Host header carries other directives', "evil.example; script-src 'unsafe-inline'", ["'self'"]],
    ['keeps to \'self\' for an IPv6 Host, which CSP cannot name', '[::1]:4000', ["'self'"]],
  ])('%s', async (_name, host, connectSources) => {
    const response = await rawRequest(harness.url, '/', { accept: BROWSER_ACCEPT, host });
    const directives = directivesOf(response.headers['content-security-policy']);
    expect(directives['connect-src']).toEqual(connectSources);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(Object.keys(directives)).toHaveLength(10);
  });

  it('references no URL with a scheme or host: every script and stylesheet is a path on the gateway', () => {
    expect(html).not.toMatch(/\b(?:https?:)?\/\/[a-z0-9]/i);
    expect(assetPaths(html)).toHaveLength(10);
    for (const path of assetPaths(html)) expect(path).toMatch(/^\/graphiql\/assets\/[0-9a-f]{16}\/[a-z.-]+\.(?:js|css)$/);
  });

  it('embeds the endpoint, the example query and the demo headers', () => {
    expect(pageConfig(html)).toEqual({
      endpoint: '/graphql',
      defaultQuery: EXAMPLE_QUERY,
      defaultHeaders: JSON.stringify(DEMO_GRAPHIQL_HEADERS, null, 2),
      storageNamespace: 'aisquared-gateway-graphiql',
      // COST_REPORT is on with the demo upstream: GraphiQL asks for the report and shows its panel.
      upstreamReport: true,
    });
  });

  it('serves every asset the page references with its content type, gzipped when accepted, cacheable forever', async () => {
    const types: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };
    for (const path of assetPaths(html)) {
      const plain = await rawRequest(harness.url, path, { 'accept-encoding': 'identity' });
      expect({ path, status: plain.status, type: plain.headers['content-type'] }).toEqual({ path, status: 200, type: types[lastOf(path.split('.'))] });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(plain.headers['x-content-type-options']).toBe('nosniff');
      expect(Number(plain.headers['content-length'])).toBe(plain.body.length);

      const zipped = await rawRequest(harness.url, path, { 'accept-encoding': 'gzip, deflate, br' });
      if (plain.body.length > 1024) {
        expect(zipped.headers['content-encoding']).toBe('gzip');
        expect(zipped.body.length).toBeLessThan(plain.body.length);
        expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
      } else {
        expect(zipped.body.equals(plain.body)).toBe(true);
      }
    }
  });

  it('serves the packages\' files byte for byte', async () => {
    const files: Record<string, string> = {
      'graphiql.min.js': resolvePackageFile('graphiql', 'graphiql.min.js'),
      'graphiql.min.css': resolvePackageFile('graphiql', 'graphiql.min.css'),
      'react.production.min.js': resolvePackageFile('react', 'umd/react.production.min.js'),
      'react-dom.production.min.js': resolvePackageFile('react-dom', 'umd/react-dom.production.min.js'),
      'graphql-ws.min.js': resolvePackageFile('graphql-ws', 'umd/graphql-ws.min.js'),
    };
    for (const [name, file] of Object.entries(files)) {
      const path = assetPaths(html).find((p) => p.endsWith(`/${name}`));
      expect(path).toBeDefined();
      const response = await rawRequest(harness.url, defined(path, name));
      expect(response.body.equals(readFileSync(file))).toBe(true);
    }
  });

  it('carries no remote font, @import or url() other than data: in the stylesheet', async () => {
    const css = (await rawRequest(harness.url, defined(assetPaths(html).find((p) => p.endsWith('/graphiql.min.css')), 'the stylesheet'))).body.toString('utf8');
    expect(css).not.toMatch(/@import/);
    const urls = [...css.matchAll(/url\(\s*['"]?([^'")\s]+)/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.filter((url) => !url.startsWith('data:'))).toEqual([]);
  });

  it('answers HEAD with the headers and no body', async () => {
    const path = defined(assetPaths(html).find((p) => p.endsWith('/graphiql.min.js')), 'the GraphiQL script');
    const head = await rawRequest(harness.url, path, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(1_000_000);
    expect(head.body.length).toBe(0);
  });

  it.each([
    ['an unknown file', (fp: string) => `/graphiql/assets/${fp}/package.json`],
    ['another fingerprint', () => '/graphiql/assets/0000000000000000/graphiql.min.js'],
    ['an encoded path traversal', (fp: string) => `/graphiql/assets/${fp}/..%2f..%2f..%2fpackage.json`],
    ['a raw path traversal', (fp: string) => `/graphiql/assets/${fp}/../../../package.json`],
    ['the assets folder', () => '/graphiql/assets/'],
  ])('answers 404 JSON for %s', async (_name, pathOf) => {
    const fingerprint = defined(/\/graphiql\/assets\/([0-9a-f]{16})\//.exec(html)?.[1], 'an asset fingerprint');
    const response = await rawRequest(harness.url, pathOf(fingerprint));
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(firstErrorOf({ body: JSON.parse(response.body.toString('utf8')) }).extensions?.code).toBe('NOT_FOUND');
  });

  it.each(['application/json', 'application/graphql-response+json', '*/*'])(
    'still executes a GraphQL GET with Accept %s',
    async (accept) => {
      const response = await rawRequest(harness.url, `/graphql?query=${encodeURIComponent('{ syncs(first: 1) { totalCount } }')}`, {
        ...demoHeaders,
        accept,
        'apollo-require-preflight': 'true',
      });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/(graphql-response\+)?json/);
      const body = JSON.parse(response.body.toString('utf8')) as GraphQLBody<{ syncs: { totalCount: number } }>;
      expect(body.errors).toBeUndefined();
      expect(dataOf({ body }).syncs.totalCount).toBeGreaterThan(0);
    },
  );

  it('answers introspection (GraphiQL\'s docs explorer) with the schema descriptions', async () => {
    const { body } = await harness.graphql('{ __type(name: "Sync") { description } }');
    expect(body).toEqual({ data: { __type: { description: expect.stringMatching(/^A sync: /) } } });
  });
});

describe('GraphiQL without configured headers', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  it('pre-fills placeholders for the token and the workspace', async () => {
    const html = (await rawRequest(harness.url, '/')).body.toString('utf8');
    expect(JSON.parse(pageConfig(html).defaultHeaders)).toEqual({ Authorization: 'Bearer <your token>', 'Workspace-Id': '<your workspace id>' });
  });
});

describe('GraphiQL headers that try to close the script element', () => {
  let harness: Harness;
  const hostile = { Authorization: 'Bearer </script><script>alert(1)</script><!--', 'Workspace-Id': '\u2028&"\'' };
  beforeAll(async () => {
    harness = await startHarness({ graphiqlHeaders: hostile });
  });
  afterAll(() => harness.close());

  it('stay inside the JSON block, unchanged', async () => {
    const html = (await rawRequest(harness.url, '/')).body.toString('utf8');
    expect(html.match(/<\/script>/g)).toHaveLength(8); // the config block and the seven scripts
    expect(html).not.toContain('<!--');
    expect(JSON.parse(pageConfig(html).defaultHeaders)).toEqual(hostile);
  });
});

describe('GRAPHIQL=false', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ env: { GRAPHIQL: 'false' } });
  });
  afterAll(() => harness.close());

  it('answers 404 JSON at GET /', async () => {
    const response = await rawRequest(harness.url, '/', { accept: BROWSER_ACCEPT });
    expect(response.status).toBe(404);
    expect(JSON.parse(response.body.toString('utf8'))).toEqual({
      errors: [{ message: 'Nothing is served at /; GraphQL is at /graphql.', extensions: { code: 'NOT_FOUND' } }],
    });
  });

  it("leaves a browser's GET /graphql to GraphQL (no page; without a token, a 401)", async () => {
    const response = await rawRequest(harness.url, '/graphql', { accept: BROWSER_ACCEPT });
    expect(response.headers['content-type']).not.toMatch(/text\/html/);
    expect(response.body.toString('utf8')).not.toMatch(/<html/i);
    expect(response.status).toBe(401);
  });

  it('serves no assets', async () => {
    const response = await rawRequest(harness.url, '/graphiql/assets/0000000000000000/graphiql.min.js');
    expect(response.status).toBe(404);
  });
});

describe('INTROSPECTION=false', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ env: { INTROSPECTION: 'false' } });
  });
  afterAll(() => harness.close());

  it('rejects introspection queries', async () => {
    const { body } = await harness.graphql('{ __schema { queryType { name } } }');
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(firstErrorOf({ body }).extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('still serves the GraphiQL page (queries work; the docs explorer stays empty)', async () => {
    const response = await rawRequest(harness.url, '/graphql', { accept: BROWSER_ACCEPT });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
  });
});
