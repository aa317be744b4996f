/**
 * The Prometheus metrics, scraped over HTTP from the real gateway after real queries and parsed from the
 * text exposition format: counts equal what the upstream saw, retries and breakers show, every refusal
 * is counted under its limit, METRICS_PORT moves the endpoint, METRICS=false removes it, and no label
 * carries an id, a token or a caller's long name.
 */
import type { AddressInfo } from 'node:net';
import { DEMO_TOKEN } from '../../demo/src/credentials';
import { REFUSAL_LIMITS } from '../../src/limits/refusal';
import { routeTemplateOf } from '../../src/observability/upstreamEvents';
import { callerHeaders, startFaultGateway, type FaultGateway } from '../support/faultGateway';
import { demoHeaders, startHarness, type Harness } from '../support/harness';
import { increments, scrape, valueOf, type Sample } from '../support/metricsText';
import { respond, startScenarioUpstream, syncBody } from '../support/scenarioUpstream';

const P = 'aisquared_gateway_';

const DASHBOARD = `query SyncsDashboard {
  syncs(first: 3) { totalCount nodes { databaseId status source { name } model { name } runs(first: 2) { nodes { databaseId status } } } }
}`;

async function samplesOf(url: string): Promise<Sample[]> {
  const result = await scrape(`${url}/metrics`);
  expect(result.status).toBe(200);
  return result.samples;
}

describe('metrics of queries against the demo upstream', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());
  beforeEach(() => harness.upstream.clearLog());

  it('serves the text exposition format at /metrics, with the process metrics and every refusal at 0', async () => {
    const result = await scrape(`${harness.url}/metrics`);
    expect([result.status, result.contentType]).toEqual([200, 'text/plain; version=0.0.4; charset=utf-8']);
    expect(valueOf(result.samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(result.samples.some((sample) => sample.name === 'nodejs_eventloop_lag_seconds')).toBe(true);
    const refusals = result.samples.filter((sample) => sample.name === `${P}refusals_total`).map((sample) => sample.labels.limit);
    expect(refusals.sort()).toEqual([...REFUSAL_LIMITS].sort());
    expect(valueOf(result.samples, `${P}upstream_breaker_state`, { state: 'closed' })).toBe(1);
    const post = await fetch(`${harness.url}/metrics`, { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET']);
  });

  it('counts the upstream requests of a query by method, route template and status, exactly as the upstream log shows', async () => {
    const before = await samplesOf(harness.url);
    const response = await harness.graphql(DASHBOARD);
    expect(response.body.errors).toBeUndefined();
    const after = await samplesOf(harness.url);

    const logged: Record<string, number> = {};
    for (const entry of harness.upstream.requests) {
      const key = `method=${entry.method},route=${routeTemplateOf(entry.path)},status=${entry.status}`;
      logged[key] = (logged[key] ?? 0) + 1;
    }
    expect(harness.upstream.requests.length).toBeGreaterThan(3);
    expect(increments(before, after, `${P}upstream_requests_total`, ['method', 'route', 'status'])).toEqual(logged);
    expect(increments(before, after, `${P}upstream_request_duration_seconds_count`, ['route'])).toEqual(
      Object.fromEntries(Object.entries(logged).map(([key, n]) => [key.replace(/^method=GET,(route=[^,]*),.*$/, '$1'), n])),
    );
    expect(increments(before, after, `${P}operations_total`, ['operation', 'type', 'outcome'])).toEqual({ 'operation=SyncsDashboard,type=query,outcome=success': 1 });
    expect(increments(before, after, `${P}operation_duration_seconds_count`, ['operation', 'type'])).toEqual({ 'operation=SyncsDashboard,type=query': 1 });
    expect(valueOf(after, `${P}operations_in_flight`)).toBe(0);
    expect(increments(before, after, `${P}upstream_retries_total`, ['cause'])).toEqual({});
    // The three syncs' runs are fetched as one batch of three pages.
    expect(valueOf(after, `${P}loader_batch_size_count`, { resource: 'Page' }) - valueOf(before, `${P}loader_batch_size_count`, { resource: 'Page' })).toBeGreaterThan(0);
    expect(valueOf(after, `${P}loader_batch_size_bucket`, { resource: 'Page', le: '2' })).toBeLessThan(valueOf(after, `${P}loader_batch_size_bucket`, { resource: 'Page', le: '5' }));
  });

  it('tells partial answers, invalid documents and anonymous operations apart', async () => {
    const before = await samplesOf(harness.url);
    await harness.graphql(`query Partial { syncs(first: 1) { totalCount } sync(databaseId: -1) { databaseId } }`);
    await harness.graphql(`query Broken { syncs(first: 1) { totalCount }`);
    await harness.graphql(`{ syncs(first: 1) { totalCount } }`);
    const after = await samplesOf(harness.url);
    expect(increments(before, after, `${P}operations_total`, ['operation', 'type', 'outcome'])).toEqual({
      'operation=anonymous,type=query,outcome=success': 1,
      // Not parsed, so only the name the client sent (none here) could label it.
      'operation=anonymous,type=unknown,outcome=invalid': 1,
      'operation=Partial,type=query,outcome=partial': 1,
    });
  });
});

describe('metrics of a failing upstream', () => {
  it('count a retry by its cause, and each attempt by its status', async () => {
    const upstream = await startScenarioUpstream();
    const gateway = await startFaultGateway(upstream.url, { UPSTREAM_BREAKER_FAILURES: '1000' });
    try {
      upstream.script('/api/v1/syncs/1', respond.json(503, { status: 503, error: 'Service Unavailable' }), respond.json(200, syncBody(1)));
      expect((await gateway.graphql(`{ sync(databaseId: 1) { databaseId } }`)).body).toEqual({ data: { sync: { databaseId: 1 } } });
      const samples = await samplesOf(gateway.url);
      expect(increments([], samples, `${P}upstream_retries_total`, ['route', 'cause'])).toEqual({ 'route=/api/v1/syncs/{id},cause=status_503': 1 });
      expect(increments([], samples, `${P}upstream_requests_total`, ['route', 'status', 'outcome'])).toEqual({
        'route=/api/v1/syncs/{id},status=200,outcome=ok': 1,
        'route=/api/v1/syncs/{id},status=503,outcome=http_error': 1,
      });
      expect(upstream.count('/api/v1/syncs/1')).toBe(2);
    } finally {
      await gateway.close();
      await upstream.close();
    }
  });

  it('count an operation in flight while its upstream request is held, and no longer once it answered', async () => {
    const upstream = await startScenarioUpstream();
    const gateway = await startFaultGateway(upstream.url);
    try {
      upstream.script('/api/v1/syncs/1', respond.hold(respond.json(200, syncBody(1))));
      const pending = gateway.graphql(`query Held { sync(databaseId: 1) { databaseId } }`);
      await upstream.waitForRequests('/api/v1/syncs/1', 1);
      expect(valueOf(await samplesOf(gateway.url), `${P}operations_in_flight`)).toBe(1);
      upstream.release();
      expect((await pending).body).toEqual({ data: { sync: { databaseId: 1 } } });
      const after = await samplesOf(gateway.url);
      expect([valueOf(after, `${P}operations_in_flight`), valueOf(after, `${P}operations_total`, { operation: 'Held', outcome: 'success' })]).toEqual([0, 1]);
    } finally {
      upstream.release();
      await gateway.close();
      await upstream.close();
    }
  });

  it("show a caller's breaker opening as a count, then the shared breaker's state turning open", async () => {
    const upstream = await startScenarioUpstream();
    const env = { UPSTREAM_BREAKER_FAILURES: '3', UPSTREAM_BREAKER_COOLDOWN_MS: '30000', UPSTREAM_RETRY_MAX_ATTEMPTS: '1', UPSTREAM_RETRY_BUDGET_FLOOR: '1000' };
    const gateway: FaultGateway = await startFaultGateway(upstream.url, env);
    const query = `{ sync(databaseId: 1) { databaseId } }`;
    const breakers = async () => {
      const samples = await samplesOf(gateway.url);
      const states = Object.fromEntries(samples.filter((s) => s.name === `${P}upstream_breaker_state`).map((s) => [s.labels.state, s.value]));
      return { states, openCallerBreakers: valueOf(samples, `${P}upstream_caller_breakers_open`) };
    };
    try {
      upstream.script('/api/v1/syncs/1', respond.json(500, { status: 500, error: 'Internal Server Error' }));
      expect(await breakers()).toEqual({ states: { closed: 1, open: 0, 'half-open': 0 }, openCallerBreakers: 0 });
      for (let i = 0; i < 3; i += 1) await gateway.graphql(query, callerHeaders('first-caller'));
      expect(await breakers()).toEqual({ states: { closed: 1, open: 0, 'half-open': 0 }, openCallerBreakers: 1 });
      for (const token of ['second-caller', 'third-caller']) await gateway.graphql(query, callerHeaders(token));
      expect(await breakers()).toEqual({ states: { closed: 0, open: 1, 'half-open': 0 }, openCallerBreakers: 1 });
      gateway.time.advance(30_000);
      expect(await breakers()).toEqual({ states: { closed: 0, open: 0, 'half-open': 1 }, openCallerBreakers: 0 });
    } finally {
      await gateway.close();
      await upstream.close();
    }
  });
});

describe('refusals by limit', () => {
  const ROUTER_SECRET = 'metrics-test-router-secret';

  async function post(url: string, body: string, headers: Record<string, string> = demoHeaders, contentType = 'application/json'): Promise<{ status: number; code: unknown }> {
    const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });
    const json = (await response.json()) as { errors?: Array<{ extensions?: { code?: unknown } }> };
    return { status: response.status, code: json.errors?.[0]?.extensions?.code };
  }
  const query = (text: string) => JSON.stringify({ query: text });

  it('count each refusal of the HTTP edge, the parser and the shape check under its own limit', async () => {
    const harness = await startHarness({
      env: {
        MAX_REQUEST_BYTES: '1024',
        MAX_QUERY_NESTING: '8',
        MAX_ROOT_FIELDS: '2',
        MAX_ENTITY_REPRESENTATIONS: '2',
        MAX_QUERY_TOKENS: '100',
        MAX_QUERY_DEPTH: '3',
        MAX_QUERY_ALIASES: '0',
        MAX_QUERY_DIRECTIVES: '0',
        MAX_REPEATED_FIELDS: '1',
      },
    });
    try {
      const before = await samplesOf(harness.url);
      const refused = [
        await post(harness.url, query('{ syncs { totalCount } }'), {}),
        await post(harness.url, query(`{ syncs { totalCount } } # ${'x'.repeat(1100)}`)),
        await post(harness.url, query('{ syncs { totalCount } }'), demoHeaders, 'application/json; charset=latin1'),
        await post(harness.url, query('{ syncs { totalCount } }'), demoHeaders, 'text/plain'),
        await post(harness.url, '{"query": '),
        await post(harness.url, query('{ syncs(first: [[[[[[[[1]]]]]]]]) { totalCount } }')),
        await post(harness.url, query(`{ ${'n'.repeat(300)} }`)),
        await post(harness.url, query('{ a: syncs { totalCount } b: syncs { totalCount } c: syncs { totalCount } }')),
        await post(harness.url, query('{ _entities(representations: []) { __typename } _entities(representations: []) { __typename } _entities(representations: []) { __typename } }')),
        await post(harness.url, query(`{ syncs(first: 1) { nodes { ${'a '.repeat(100)} } } }`)),
        await post(harness.url, query('{ syncs(first: 1) { nodes { runs(first: 1) { nodes { databaseId } } } } }')),
        await post(harness.url, query('{ all: syncs(first: 1) { totalCount } }')),
        await post(harness.url, query('{ syncs(first: 1) @include(if: true) { totalCount } }')),
        await post(harness.url, query('{ syncs(first: 1) { totalCount totalCount } }')),
      ];
      expect(refused).toEqual([
        { status: 401, code: 'UNAUTHENTICATED' },
        { status: 413, code: 'BAD_REQUEST' },
        { status: 415, code: 'BAD_REQUEST' },
        { status: 415, code: 'BAD_REQUEST' },
        { status: 400, code: 'BAD_REQUEST' },
        ...Array.from({ length: 9 }, () => ({ status: 400, code: 'QUERY_TOO_COMPLEX' })),
      ]);
      const after = await samplesOf(harness.url);
      expect(increments(before, after, `${P}refusals_total`, ['limit'])).toEqual({
        'limit=aliases': 1,
        'limit=body_size': 1,
        'limit=charset': 1,
        'limit=content_type': 1,
        'limit=credentials': 1,
        'limit=depth': 1,
        'limit=directives': 1,
        'limit=entity_fetches': 1,
        'limit=json_syntax': 1,
        'limit=name_length': 1,
        'limit=nesting': 1,
        'limit=repeated_fields': 1,
        'limit=root_fields': 1,
        'limit=tokens': 1,
      });
      expect(increments(before, after, `${P}operations_total`, ['outcome'])).toEqual({ 'outcome=refused': 5 });
    } finally {
      await harness.close();
    }
  });

  it('count the refusals of the cost limit, the router gate, the representation cap and the upstream request cap', async () => {
    const harness = await startHarness({ env: { ROUTER_SECRET, MAX_QUERY_COST: '50', MAX_ENTITY_REPRESENTATIONS: '2', MAX_UPSTREAM_REQUESTS_PER_OPERATION: '1' } });
    try {
      const before = await samplesOf(harness.url);
      const cost = await harness.graphql(`{ syncs(first: 100) { nodes { runs(first: 100) { totalCount } } } }`);
      const router = await harness.graphql(`{ _service { sdl } }`);
      const entities = await harness.graphql(`{ _entities(representations: [{}, {}, {}]) { __typename } }`, undefined, { ...demoHeaders, 'router-secret': ROUTER_SECRET });
      const requests = await harness.graphql(`{ syncs(first: 2) { nodes { runs(first: 1) { totalCount } } } }`);
      expect([cost, router, entities, requests].map((response) => [response.status, response.body.errors?.[0]?.extensions?.code])).toEqual([
        [400, 'QUERY_TOO_COMPLEX'],
        [403, 'FORBIDDEN'],
        [200, 'BAD_USER_INPUT'],
        [200, 'UPSTREAM_REQUEST_LIMIT'],
      ]);
      const after = await samplesOf(harness.url);
      expect(increments(before, after, `${P}refusals_total`, ['limit'])).toEqual({ 'limit=cost': 1, 'limit=representations': 1, 'limit=router_only': 1, 'limit=upstream_requests': 1 });
      expect(increments(before, after, `${P}operations_total`, ['outcome'])).toEqual({ 'outcome=refused': 2, 'outcome=error': 1, 'outcome=partial': 1 });
    } finally {
      await harness.close();
    }
  });
});

describe('where the metrics are served', () => {
  it('with METRICS_PORT, serves them only on that port: the main port answers 404 for /metrics', async () => {
    const harness = await startHarness({ env: { METRICS_PORT: '0' } });
    try {
      const { port } = harness.gateway.metricsServer?.address() as AddressInfo;
      const metricsUrl = `http://127.0.0.1:${port}`;
      expect(port).not.toBe(new URL(harness.url).port);
      expect((await fetch(`${harness.url}/metrics`)).status).toBe(404);
      await harness.graphql(`query OnlyOne { syncs(first: 1) { totalCount } }`);
      const samples = await samplesOf(metricsUrl);
      expect(valueOf(samples, `${P}operations_total`, { operation: 'OnlyOne', outcome: 'success' })).toBe(1);
      expect((await fetch(`${metricsUrl}/graphql`)).status).toBe(404);
      expect((await fetch(`${metricsUrl}/healthz`)).status).toBe(404);
    } finally {
      await harness.close();
    }
  });

  it('with METRICS=false, serves none and builds no metrics at all', async () => {
    const harness = await startHarness({ env: { METRICS: 'false' } });
    try {
      expect((await harness.graphql(`{ syncs(first: 1) { totalCount } }`)).body.errors).toBeUndefined();
      const response = await fetch(`${harness.url}/metrics`);
      expect(response.status).toBe(404);
      expect(harness.gateway.metricsRegistry).toBeUndefined();
      expect(harness.gateway.metricsServer).toBeUndefined();
    } finally {
      await harness.close();
    }
  });
});

describe('label values', () => {
  it('never carry an id, the token or a name the caller chose that looks like one', async () => {
    const harness = await startHarness();
    try {
      const [sync] = harness.upstream.store.listSyncs(1);
      const id = sync!.id;
      const tokenLike = 'tok_9fA3kQ27xZ81mB40';
      const withId = `SyncNumber${id}${id}${id}00`;
      const long = `Dashboard${'Section'.repeat(10)}`;
      for (const name of [tokenLike, withId, long, 'PlainName']) {
        const response = await harness.graphql(`query ${name}($id: Int!) { sync(databaseId: $id) { databaseId runs(first: 1) { nodes { databaseId } } } }`, { id });
        expect(response.body.errors).toBeUndefined();
      }
      const samples = (await samplesOf(harness.url)).filter((sample) => sample.name.startsWith(P));
      const values = samples.flatMap((sample) => Object.entries(sample.labels).filter(([key]) => key !== 'le' && key !== 'status').map(([, value]) => value));
      for (const forbidden of [DEMO_TOKEN, tokenLike, withId, long, `/${id}`]) {
        expect(values.filter((value) => value.includes(forbidden))).toEqual([]);
      }
      expect(values.filter((value) => /\d{2,}/.test(value))).toEqual([]);
      const names = new Set(samples.filter((sample) => sample.name === `${P}operations_total`).map((sample) => sample.labels.operation));
      expect([...names].sort()).toEqual(['PlainName', 'other']);
      const routes = new Set(samples.filter((sample) => sample.name === `${P}upstream_requests_total`).map((sample) => sample.labels.route ?? ''));
      const logged = new Set(harness.upstream.requests.map((entry) => routeTemplateOf(entry.path)));
      expect([...routes].sort()).toEqual([...logged].sort());
      expect([...routes].every((route) => /^(\/([a-z][a-z0-9_]*|\{id\}))+$/.test(route))).toBe(true);
    } finally {
      await harness.close();
    }
  });
});
