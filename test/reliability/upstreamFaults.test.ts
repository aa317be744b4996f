/**
 * Fault injection through the real gateway against a scripted upstream over real sockets: each fault
 * ends as the right code on the field that needed the upstream, sibling fields keep their data, and
 * nothing of the upstream (address, body, stack trace) or the caller's token reaches the response.
 * Retries are counted from the upstream's request log; waits come from a hand-driven clock.
 */
import { UpstreamClient } from '../../src/upstream/client';
import { createSilentLogger } from '../../src/logger';
import { callerHeaders, startFaultGateway, TEST_TOKEN, type FaultGateway } from '../support/faultGateway';
import { createManualTime } from '../support/manualTime';
import { errorsOf, firstErrorOf, firstOf, partialDataOf } from '../support/response';
import { refusedUrl, respond, startScenarioUpstream, syncBody, type Behaviour, type ScenarioUpstream } from '../support/scenarioUpstream';

const BROKEN = '/api/v1/syncs/1';
const HEALTHY = '/api/v1/syncs/2';
const PAIR = `{ broken: sync(databaseId: 1) { databaseId } healthy: sync(databaseId: 2) { databaseId } }`;
type PairData = { broken: { databaseId: number } | null; healthy: { databaseId: number } | null };
/** Breaker and budget far out of reach, so only the fault under test shapes the result. */
const ISOLATED = { UPSTREAM_BREAKER_FAILURES: '1000', UPSTREAM_RETRY_BUDGET_FLOOR: '1000' };

const STACK_TRACE_BODY = [
  'NoMethodError (undefined method `workspace` for nil:NilClass):',
  "  app/controllers/api/v1/syncs_controller.rb:42:in `show'",
  '  /usr/local/bundle/gems/actionpack-7.1.3/lib/action_controller/metal/basic_implicit_render.rb:6',
  '  upstream db: postgres://multiwoven:s3cr3t@10.0.4.12:5432/multiwoven_production',
  '  callback: http://10.0.4.12:3000/internal/admin/syncs/1',
].join('\n');
const HTML_PAGE = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.25.3 (10.0.4.12)</center></body></html>';

let upstream: ScenarioUpstream;
const running: FaultGateway[] = [];

beforeEach(async () => {
  upstream = await startScenarioUpstream();
  upstream.script(HEALTHY, respond.json(200, syncBody(2)));
});
afterEach(async () => {
  upstream.release();
  await Promise.all(running.splice(0).map((gateway) => gateway.close()));
  await upstream.close();
});

async function gatewayFor(env: Record<string, string> = {}, url = upstream.url): Promise<FaultGateway> {
  const gateway = await startFaultGateway(url, { ...ISOLATED, ...env });
  running.push(gateway);
  return gateway;
}

function fieldError(path: string, code: string, message: string, column = 3) {
  return { message, locations: [{ line: 1, column }], path: [path], extensions: { code } };
}

/** The whole PAIR response when only `broken` failed. */
function brokenOnly(code: string, message: string) {
  return { data: { broken: null, healthy: { databaseId: 2 } }, errors: [fieldError('broken', code, message)] };
}

/** Nothing of the upstream or the caller's credentials in a response. */
function expectNoLeak(text: string): void {
  for (const secret of [upstream.url, '127.0.0.1', '10.0.4.12', 'syncs_controller', 'NoMethodError', 's3cr3t', 'nginx', '<html', TEST_TOKEN, 'stacktrace']) {
    expect(text).not.toContain(secret);
  }
}

describe('each upstream fault becomes one error code on its own field', () => {
  const faults: Array<[string, Record<string, string>, Behaviour, string, string, number]> = [
    ['response headers that never come', { UPSTREAM_HEADERS_TIMEOUT_MS: '200' }, respond.hold(), 'UPSTREAM_UNAVAILABLE', 'The AI Squared API did not answer in time.', 1],
    ['a body that stalls mid-way', { UPSTREAM_BODY_TIMEOUT_MS: '200' }, respond.stallBody('{"data":{"id":"1",'), 'UPSTREAM_UNAVAILABLE', 'The AI Squared API did not answer in time.', 1],
    ['a connection reset on every attempt (retried, then given up)', {}, respond.reset(), 'UPSTREAM_UNAVAILABLE', 'The AI Squared API could not be reached.', 3],
    [
      'a 500 with a stack trace and internal URLs in its body',
      {},
      respond.raw(500, STACK_TRACE_BODY, { 'content-type': 'text/plain' }),
      'UPSTREAM_ERROR',
      'The AI Squared API failed to answer this request (HTTP 500).',
      1,
    ],
    ["Rails' JSON 500", {}, respond.json(500, { status: 500, error: 'Internal Server Error' }), 'UPSTREAM_ERROR', 'The AI Squared API failed to answer this request (HTTP 500).', 1],
    ['an HTML page with status 200', {}, respond.html(200, HTML_PAGE), 'UPSTREAM_ERROR', 'The AI Squared API sent a response that is not valid JSON (HTTP 200).', 1],
    ["a proxy's HTML 502 (retried, then given up)", {}, respond.html(502, HTML_PAGE), 'UPSTREAM_ERROR', 'The AI Squared API failed to answer this request (HTTP 502).', 3],
    ['an empty 200 body', {}, respond.raw(200, ''), 'UPSTREAM_ERROR', 'The AI Squared API sent a response of an unexpected shape.', 1],
    ['a truncated JSON body', {}, respond.truncate('{"data":{"id":"1","type":"sy', 400), 'UPSTREAM_ERROR', 'The AI Squared API sent an incomplete response.', 1],
    ['a body larger than the response cap', { UPSTREAM_MAX_RESPONSE_BYTES: '65536' }, respond.huge(8 * 1024 * 1024), 'UPSTREAM_ERROR', 'The AI Squared API sent a response larger than the gateway accepts.', 1],
    [
      'a 429 whose Retry-After is beyond the cap',
      {},
      respond.json(429, { error: 'Too many requests. Please try again in 3600 seconds.' }, { 'retry-after': '3600' }),
      'RATE_LIMITED',
      'The AI Squared API is rate limiting these requests; retry later.',
      1,
    ],
    ['a 503 without Retry-After (retried, then given up)', {}, respond.html(503, HTML_PAGE), 'UPSTREAM_ERROR', 'The AI Squared API failed to answer this request (HTTP 503).', 3],
  ];

  it.each(faults)('%s', async (_name, env, behaviour, code, message, requests) => {
    const gateway = await gatewayFor(env);
    upstream.script(BROKEN, behaviour);
    const response = await gateway.graphql(PAIR);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(brokenOnly(code, message));
    expect(upstream.count(BROKEN)).toBe(requests);
    expect(upstream.count(HEALTHY)).toBe(1);
    expectNoLeak(response.text);
  });

  it('fails fast on a 503 whose Retry-After is beyond the cap', async () => {
    const gateway = await gatewayFor();
    upstream.script(BROKEN, respond.json(503, { status: 503, error: 'Service Unavailable' }, { 'retry-after': '120' }));
    const response = await gateway.graphql(PAIR);
    expect(response.body).toEqual(brokenOnly('UPSTREAM_ERROR', 'The AI Squared API failed to answer this request (HTTP 503).'));
    expect(upstream.count(BROKEN)).toBe(1);
    expect(gateway.time.sleeps).toEqual([]);
  });

  it('answers UPSTREAM_UNAVAILABLE on every field when connections are refused', async () => {
    const gateway = await gatewayFor({}, await refusedUrl());
    const response = await gateway.graphql(PAIR);
    expect(response.body.data).toEqual({ broken: null, healthy: null });
    expect(errorsOf(response).sort((a, b) => String(a.path?.[0]).localeCompare(String(b.path?.[0])))).toEqual([
      fieldError('broken', 'UPSTREAM_UNAVAILABLE', 'The AI Squared API could not be reached.'),
      fieldError('healthy', 'UPSTREAM_UNAVAILABLE', 'The AI Squared API could not be reached.', 46),
    ]);
    expect(response.text).not.toContain('127.0.0.1');
  });

  it('never follows a redirect: the other origin sees no request', async () => {
    const elsewhere = await startScenarioUpstream();
    try {
      const gateway = await gatewayFor();
      upstream.script(BROKEN, respond.redirect(`${elsewhere.url}/latest/meta-data/iam/security-credentials/`));
      const response = await gateway.graphql(PAIR);
      expect(response.body).toEqual(brokenOnly('UPSTREAM_ERROR', 'The AI Squared API failed to answer this request (HTTP 302).'));
      expect(elsewhere.count()).toBe(0);
      expect(upstream.count(BROKEN)).toBe(1);
      expect(response.text).not.toContain(elsewhere.url);
    } finally {
      await elsewhere.close();
    }
  });

  it('logs the upstream detail under the request id the response carries, and never the token', async () => {
    const gateway = await gatewayFor();
    upstream.script(BROKEN, respond.raw(500, STACK_TRACE_BODY, { 'content-type': 'text/plain' }));
    const response = await gateway.graphql(PAIR);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const line = gateway.logs.find((l) => l.msg === 'upstream answered with an error');
    expect(line).toMatchObject({ requestId, method: 'GET', route: BROKEN, status: 500, upstreamBody: expect.stringContaining("syncs_controller.rb:42:in `show'") });
    expect(JSON.stringify(gateway.logs)).not.toContain(TEST_TOKEN);
  });
});

describe('the per-operation deadline', () => {
  it('ends a call the upstream holds past the deadline; sibling fields keep their data', async () => {
    const gateway = await gatewayFor({ OPERATION_TIMEOUT_MS: '300' });
    upstream.script(BROKEN, respond.hold());
    const response = await gateway.graphql(PAIR);
    expect(response.body).toEqual(brokenOnly('UPSTREAM_UNAVAILABLE', 'The AI Squared API did not answer within the time this operation is allowed.'));
    expect(upstream.count(BROKEN)).toBe(1);
  });

  it('does not wait for a Retry-After that ends past the deadline', async () => {
    const gateway = await gatewayFor({ OPERATION_TIMEOUT_MS: '2000' });
    upstream.script(BROKEN, respond.json(503, { status: 503, error: 'Service Unavailable' }, { 'retry-after': '3' }), respond.json(200, syncBody(1)));
    const response = await gateway.graphql(PAIR);
    expect(response.body).toEqual(brokenOnly('UPSTREAM_ERROR', 'The AI Squared API failed to answer this request (HTTP 503).'));
    expect(upstream.count(BROKEN)).toBe(1);
    expect(gateway.time.sleeps).toEqual([]);
  });
});

describe('retries (GET only)', () => {
  it('retries a GET after connection resets, with jittered exponential backoff, until it succeeds', async () => {
    const gateway = await gatewayFor();
    upstream.script(BROKEN, respond.reset(), respond.reset(), respond.json(200, syncBody(1)));
    const response = await gateway.graphql(PAIR);
    expect(response.body).toEqual({ data: { broken: { databaseId: 1 }, healthy: { databaseId: 2 } } });
    expect(upstream.count(BROKEN)).toBe(3);
    // Full jitter with random() = 0.5: half of 100 ms, then half of 200 ms.
    expect(gateway.time.sleeps).toEqual([50, 100]);
  });

  it('honours Retry-After (seconds) on a 503, then gets the data', async () => {
    const gateway = await gatewayFor();
    upstream.script(BROKEN, respond.json(503, { status: 503, error: 'Service Unavailable' }, { 'retry-after': '1' }), respond.json(200, syncBody(1)));
    const response = await gateway.graphql(PAIR);
    expect(response.body).toEqual({ data: { broken: { databaseId: 1 }, healthy: { databaseId: 2 } } });
    expect(upstream.count(BROKEN)).toBe(2);
    expect(gateway.time.sleeps).toEqual([1000]);
  });

  it('honours Retry-After on a 429, then gets the data', async () => {
    const gateway = await gatewayFor();
    upstream.script(BROKEN, respond.json(429, { error: 'Too many requests.' }, { 'retry-after': '2' }), respond.json(200, syncBody(1)));
    const response = await gateway.graphql(PAIR);
    expect(response.body).toEqual({ data: { broken: { databaseId: 1 }, healthy: { databaseId: 2 } } });
    expect(upstream.count(BROKEN)).toBe(2);
    expect(gateway.time.sleeps).toEqual([2000]);
  });

  it('never retries a 500, a 4xx or an unparsable body', async () => {
    const gateway = await gatewayFor();
    for (const behaviour of [respond.json(500, { status: 500, error: 'Internal Server Error' }), respond.json(403, { errors: [{ status: 403, title: 'Error', detail: 'You are not authorized to do this action' }] }), respond.html(200, HTML_PAGE)]) {
      upstream.script(BROKEN, behaviour, respond.json(200, syncBody(1)));
      upstream.clearLog();
      const response = await gateway.graphql<PairData>(PAIR);
      expect(partialDataOf(response).broken).toBeNull();
      expect(upstream.count(BROKEN)).toBe(1);
    }
    expect(gateway.time.sleeps).toEqual([]);
  });

  it('stops retrying once the retry budget is spent, so an outage is not multiplied', async () => {
    const gateway = await gatewayFor({ UPSTREAM_RETRY_BUDGET_PERCENT: '0', UPSTREAM_RETRY_BUDGET_FLOOR: '2' });
    upstream.script(BROKEN, respond.json(503, { status: 503, error: 'Service Unavailable' }));
    for (let i = 0; i < 5; i += 1) {
      const response = await gateway.graphql(`{ broken: sync(databaseId: 1) { databaseId } }`);
      expect(response.body.errors).toEqual([fieldError('broken', 'UPSTREAM_ERROR', 'The AI Squared API failed to answer this request (HTTP 503).')]);
    }
    // 5 calls plus the 2 retries the budget allowed, instead of 5 x 3 attempts.
    expect(upstream.count(BROKEN)).toBe(7);
    expect(gateway.logs.filter((l) => l.msg === 'not retrying: the retry budget is spent')).toHaveLength(4);
  });

  it('refills the budget as its window slides', async () => {
    const gateway = await gatewayFor({ UPSTREAM_RETRY_BUDGET_PERCENT: '0', UPSTREAM_RETRY_BUDGET_FLOOR: '1', UPSTREAM_RETRY_BUDGET_WINDOW_MS: '10000' });
    upstream.script(BROKEN, respond.json(503, { status: 503, error: 'Service Unavailable' }));
    await gateway.graphql(`{ broken: sync(databaseId: 1) { databaseId } }`);
    await gateway.graphql(`{ broken: sync(databaseId: 1) { databaseId } }`);
    expect(upstream.count(BROKEN)).toBe(3); // 2 calls + 1 retry
    gateway.time.advance(10_000);
    await gateway.graphql(`{ broken: sync(databaseId: 1) { databaseId } }`);
    expect(upstream.count(BROKEN)).toBe(5); // + 1 call + 1 retry from the new window
  });
});

describe('writes are never retried', () => {
  const scope = () => ({
    credentials: { authorization: `Bearer ${TEST_TOKEN}`, workspaceId: '7', problem: undefined },
    requestId: 'write-test',
    stats: { upstreamRequests: 0 },
  });
  const client = () =>
    new UpstreamClient({
      url: upstream.url,
      connectTimeoutMs: 1000,
      headersTimeoutMs: 1000,
      bodyTimeoutMs: 1000,
      keepAliveTimeoutMs: 1000,
      connections: 4,
      time: createManualTime(),
      logger: createSilentLogger(),
    });

  it.each(['POST', 'PATCH', 'DELETE'] as const)('sends a %s exactly once when the connection resets, and says the outcome is unknown', async (method) => {
    const upstreamClient = client();
    try {
      upstream.script('/api/v1/schedule_syncs', respond.reset(), respond.json(200, { message: 'Sync scheduled successfully' }));
      const write = upstreamClient.call({ method, path: '/api/v1/schedule_syncs', body: { schedule_sync: { sync_id: 1 } }, needsWorkspace: true }, scope());
      await expect(write).rejects.toMatchObject({
        message: 'The connection to the AI Squared API failed before it confirmed this change, so it may or may not have been applied; check before retrying.',
        extensions: { code: 'UPSTREAM_UNAVAILABLE' },
      });
      expect(upstream.requests.map((r) => r.method)).toEqual([method]);
    } finally {
      await upstreamClient.close();
    }
  });

  it('sends a POST exactly once on a 503 with Retry-After, while a GET is retried', async () => {
    const upstreamClient = client();
    try {
      upstream.script('/api/v1/schedule_syncs', respond.json(503, { status: 503, error: 'Service Unavailable' }, { 'retry-after': '1' }), respond.json(200, { message: 'ok' }));
      await expect(upstreamClient.call({ method: 'POST', path: '/api/v1/schedule_syncs', body: {}, needsWorkspace: true }, scope())).rejects.toMatchObject({
        extensions: { code: 'UPSTREAM_ERROR' },
      });
      expect(upstream.count('/api/v1/schedule_syncs')).toBe(1);
      upstream.script(BROKEN, respond.json(503, { status: 503, error: 'Service Unavailable' }, { 'retry-after': '1' }), respond.json(200, syncBody(1)));
      await expect(upstreamClient.call({ method: 'GET', path: BROKEN, needsWorkspace: true }, scope())).resolves.toEqual(syncBody(1));
      expect(upstream.count(BROKEN)).toBe(2);
    } finally {
      await upstreamClient.close();
    }
  });

  it('sends the triggerSyncRun mutation once when the connection resets', async () => {
    const gateway = await gatewayFor();
    upstream.script('/api/v1/schedule_syncs', respond.reset());
    const response = await gateway.graphql(`mutation { triggerSyncRun(input: { syncDatabaseId: 1 }) { clientMutationId } }`);
    expect(response.body.errors).toEqual([
      {
        message: 'The connection to the AI Squared API failed before it confirmed this change, so it may or may not have been applied; check before retrying.',
        locations: [{ line: 1, column: 12 }],
        path: ['triggerSyncRun'],
        extensions: { code: 'UPSTREAM_UNAVAILABLE' },
      },
    ]);
    expect(upstream.requests.filter((r) => r.method === 'POST').map((r) => r.route)).toEqual(['/api/v1/schedule_syncs']);
  });
});

describe('the cap on upstream requests per operation', () => {
  it('refuses the calls beyond the cap with UPSTREAM_REQUEST_LIMIT; earlier fields keep their data', async () => {
    const gateway = await gatewayFor({ MAX_UPSTREAM_REQUESTS_PER_OPERATION: '2' });
    upstream.script(BROKEN, respond.json(200, syncBody(1)));
    upstream.script('/api/v1/syncs/3', respond.json(200, syncBody(3)));
    const response = await gateway.graphql(`{ a: sync(databaseId: 1) { databaseId } b: sync(databaseId: 2) { databaseId } c: sync(databaseId: 3) { databaseId } }`);
    expect(response.body).toEqual({
      data: { a: { databaseId: 1 }, b: { databaseId: 2 }, c: null },
      errors: [
        fieldError(
          'c',
          'UPSTREAM_REQUEST_LIMIT',
          'This operation needs more than 2 requests to the AI Squared API, the most one operation may make; ask for fewer items or split the query.',
          79,
        ),
      ],
    });
    expect(upstream.requests.map((r) => r.route).sort()).toEqual([BROKEN, HEALTHY]);
    // The next operation has its own allowance.
    const next = await gateway.graphql(`{ c: sync(databaseId: 3) { databaseId } }`);
    expect(next.body).toEqual({ data: { c: { databaseId: 3 } } });
  });

  it('counts retries against the cap', async () => {
    const gateway = await gatewayFor({ MAX_UPSTREAM_REQUESTS_PER_OPERATION: '2' });
    upstream.script(BROKEN, respond.reset());
    const response = await gateway.graphql(`{ broken: sync(databaseId: 1) { databaseId } }`);
    expect(response.body.errors).toEqual([fieldError('broken', 'UPSTREAM_UNAVAILABLE', 'The AI Squared API could not be reached.')]);
    expect(upstream.count(BROKEN)).toBe(2);
  });
});

describe('the circuit breaker', () => {
  const BREAKER = { UPSTREAM_BREAKER_FAILURES: '3', UPSTREAM_BREAKER_COOLDOWN_MS: '30000', UPSTREAM_RETRY_MAX_ATTEMPTS: '1' };
  const ONE = `{ broken: sync(databaseId: 1) { databaseId } }`;
  const OPEN_MESSAGE = 'The AI Squared API is failing, so the gateway is not calling it for a few seconds; retry shortly.';

  /**
   * 5xx answers to three distinct callers (UPSTREAM_BREAKER_CALLERS' default) open the shared breaker;
   * one caller's own 5xx open only that caller's breaker (test/reliability/callerIsolation.test.ts).
   */
  async function openBreaker(gateway: FaultGateway): Promise<void> {
    upstream.script(BROKEN, respond.json(500, { status: 500, error: 'Internal Server Error' }));
    for (const token of ['first-caller', 'second-caller', 'third-caller']) {
      expect((await gateway.graphql(ONE, callerHeaders(token))).body.errors).toEqual([fieldError('broken', 'UPSTREAM_ERROR', 'The AI Squared API failed to answer this request (HTTP 500).')]);
    }
  }

  it('opens on 5xx answers to several distinct callers, then fails fast for everyone with no network call', async () => {
    const gateway = await gatewayFor(BREAKER);
    await openBreaker(gateway);
    upstream.clearLog();
    const response = await gateway.graphql(PAIR);
    expect(response.body.data).toEqual({ broken: null, healthy: null });
    expect(errorsOf(response).map((e) => [e.path?.[0], e.extensions?.code, e.message]).sort()).toEqual([
      ['broken', 'UPSTREAM_UNAVAILABLE', OPEN_MESSAGE],
      ['healthy', 'UPSTREAM_UNAVAILABLE', OPEN_MESSAGE],
    ]);
    const ready = await gateway.get('/readyz');
    expect(ready).toMatchObject({ status: 503, body: { status: 'unavailable', upstream: 'not-checked', breaker: 'open' } });
    expect(upstream.count()).toBe(0);
  });

  it('lets exactly one probe through after the cool-down, and closes when it succeeds', async () => {
    const gateway = await gatewayFor(BREAKER);
    await openBreaker(gateway);
    gateway.time.advance(29_999);
    expect(firstErrorOf(await gateway.graphql(ONE)).message).toBe(OPEN_MESSAGE);
    gateway.time.advance(1);
    upstream.script(BROKEN, respond.hold(respond.json(200, syncBody(1))), respond.json(200, syncBody(1)));
    upstream.clearLog();
    const probe = gateway.graphql(ONE);
    await upstream.waitForRequests(BROKEN, 1);
    // While the probe is out, everything else still fails fast.
    const during = await gateway.graphql(`{ healthy: sync(databaseId: 2) { databaseId } }`);
    expect(during.body.errors).toEqual([fieldError('healthy', 'UPSTREAM_UNAVAILABLE', OPEN_MESSAGE)]);
    expect(upstream.count(HEALTHY)).toBe(0);
    upstream.release();
    expect((await probe).body).toEqual({ data: { broken: { databaseId: 1 } } });
    expect((await gateway.graphql(PAIR)).body).toEqual({ data: { broken: { databaseId: 1 }, healthy: { databaseId: 2 } } });
    expect(await gateway.get('/readyz')).toMatchObject({ status: 200, body: { status: 'ready', upstream: 'reachable', breaker: 'closed' } });
  });

  it('opens again for a whole cool-down when the probe fails to connect', async () => {
    const gateway = await gatewayFor(BREAKER);
    await openBreaker(gateway);
    gateway.time.advance(30_000);
    upstream.script(BROKEN, respond.reset());
    expect(firstErrorOf(await gateway.graphql(ONE)).message).toBe('The AI Squared API could not be reached.');
    expect(upstream.count(BROKEN)).toBe(4);
    expect(firstErrorOf(await gateway.graphql(ONE)).message).toBe(OPEN_MESSAGE);
    gateway.time.advance(29_999);
    expect(firstErrorOf(await gateway.graphql(ONE)).message).toBe(OPEN_MESSAGE);
    expect(upstream.count(BROKEN)).toBe(4);
  });

  it('closes when the probe gets any answer: a 5xx to one caller does not open it again', async () => {
    const gateway = await gatewayFor(BREAKER);
    await openBreaker(gateway);
    gateway.time.advance(30_000);
    expect(firstErrorOf(await gateway.graphql(ONE)).message).toBe('The AI Squared API failed to answer this request (HTTP 500).');
    expect((await gateway.graphql(`{ healthy: sync(databaseId: 2) { databaseId } }`, callerHeaders('another-caller'))).body).toEqual({ data: { healthy: { databaseId: 2 } } });
    expect(upstream.count()).toBe(5);
  });

  it('closes through /readyz once the upstream answers again, even with no GraphQL traffic', async () => {
    const gateway = await gatewayFor(BREAKER);
    await openBreaker(gateway);
    gateway.time.advance(30_000);
    expect(await gateway.get('/readyz')).toMatchObject({ status: 200, body: { status: 'ready', upstream: 'reachable', breaker: 'closed' } });
    expect((await gateway.graphql(`{ healthy: sync(databaseId: 2) { databaseId } }`)).body).toEqual({ data: { healthy: { databaseId: 2 } } });
  });

  it('is not opened by answers that prove the upstream is up (401, 404, 429)', async () => {
    const gateway = await gatewayFor({ ...BREAKER, UPSTREAM_BREAKER_FAILURES: '2' });
    upstream.script(
      BROKEN,
      respond.json(401, { errors: [{ status: 401, title: 'Error', detail: 'Unauthorized' }] }),
      respond.json(404, { error: "Couldn't find Sync with 'id'=1" }),
      respond.json(429, { error: 'Too many requests.' }),
    );
    for (let i = 0; i < 3; i += 1) await gateway.graphql(ONE);
    expect(upstream.count(BROKEN)).toBe(3);
    expect(partialDataOf(await gateway.graphql<PairData>(PAIR)).healthy).toEqual({ databaseId: 2 });
  });

  it('is opened by refused connections too', async () => {
    const gateway = await gatewayFor(BREAKER, await refusedUrl());
    for (let i = 0; i < 3; i += 1) expect(firstErrorOf(await gateway.graphql(ONE)).message).toBe('The AI Squared API could not be reached.');
    expect(firstErrorOf(await gateway.graphql(ONE)).message).toBe(OPEN_MESSAGE);
  });
});

describe('/healthz and /readyz', () => {
  it('/healthz answers 200 while the process serves, whatever the upstream does', async () => {
    const gateway = await gatewayFor({}, await refusedUrl());
    expect(await gateway.get('/healthz')).toEqual({ status: 200, text: '{"status":"ok"}', body: { status: 'ok' } });
    const post = await fetch(`${gateway.url}/healthz`, { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
  });

  it('/readyz answers 200 when the upstream answers, probing it without any caller credentials', async () => {
    const gateway = await gatewayFor();
    expect(await gateway.get('/readyz')).toMatchObject({ status: 200, body: { status: 'ready', upstream: 'reachable', breaker: 'closed' } });
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]).toMatchObject({ method: 'GET', route: '/api/v1/workspaces' });
    expect(firstOf(upstream.requests).headers.authorization).toBeUndefined();
    expect(firstOf(upstream.requests).headers['workspace-id']).toBeUndefined();
  });

  it('/readyz answers 503 when the upstream refuses connections or fails, without naming it', async () => {
    const refused = await gatewayFor({}, await refusedUrl());
    const down = await refused.get('/readyz');
    expect(down).toEqual({ status: 503, text: expect.any(String), body: { status: 'unavailable', upstream: 'unreachable', breaker: 'closed' } });
    expect(down.text).not.toContain('127.0.0.1');
    const failing = await gatewayFor();
    upstream.script('/api/v1/workspaces', respond.html(502, HTML_PAGE));
    expect(await failing.get('/readyz')).toMatchObject({ status: 503, body: { status: 'unavailable', upstream: 'failing', breaker: 'closed' } });
  });
});
