/**
 * One caller's failures refuse only that caller's calls. Two tenants (two tokens) share one real gateway
 * in front of a scripted upstream over real sockets: the upstream answers 503 to tenant A only, and the
 * breaker this opens (A's, for that route) must not refuse tenant B. Failures that are everyone's
 * (transport failures, 5xx to several callers) still open the shared breaker for all.
 */
import { callerHeaders, startFaultGateway, type FaultGateway } from '../support/faultGateway';
import { firstErrorOf } from '../support/response';
import { respond, startScenarioUpstream, syncBody, type ScenarioUpstream } from '../support/scenarioUpstream';

const SYNC_1 = '/api/v1/syncs/1';
const SYNC_2 = '/api/v1/syncs/2';
const CONNECTOR_5 = '/api/v1/connectors/5';
const TENANT_A = 'tenant-a-token-8e1f0c';
const TENANT_B = 'tenant-b-token-2d7b94';
const A = callerHeaders(TENANT_A, '7');
const B = callerHeaders(TENANT_B, '9');
const bearer = (token: string) => `Bearer ${token}`;

const SYNC_1_QUERY = `{ sync(databaseId: 1) { databaseId } }`;
const SYNC_2_QUERY = `{ sync(databaseId: 2) { databaseId } }`;
/** Three failures open a breaker; no retries, and a budget out of reach, so each query is one request. */
const ENV = { UPSTREAM_BREAKER_FAILURES: '3', UPSTREAM_BREAKER_COOLDOWN_MS: '30000', UPSTREAM_RETRY_MAX_ATTEMPTS: '1', UPSTREAM_RETRY_BUDGET_FLOOR: '1000' };

const HTTP_503 = 'The AI Squared API failed to answer this request (HTTP 503).';
const CALLER_OPEN = 'The AI Squared API keeps failing this request for your credentials, so the gateway is not sending it for a few seconds; retry shortly.';
const SHARED_OPEN = 'The AI Squared API is failing, so the gateway is not calling it for a few seconds; retry shortly.';

let upstream: ScenarioUpstream;
let gateway: FaultGateway;

beforeEach(async () => {
  upstream = await startScenarioUpstream();
  upstream.script(SYNC_1, respond.json(200, syncBody(1)));
  upstream.script(SYNC_2, respond.json(200, syncBody(2)));
  gateway = await startFaultGateway(upstream.url, ENV);
});
afterEach(async () => {
  upstream.release();
  await gateway.close();
  await upstream.close();
});

function syncError(message: string, code = 'UPSTREAM_ERROR') {
  return { data: { sync: null }, errors: [{ message, locations: [{ line: 1, column: 3 }], path: ['sync'], extensions: { code } }] };
}

/** Tenant A gets 503 from `sync(databaseId: 1)` three times: A's breaker for that route opens. */
async function failTenantA(): Promise<void> {
  upstream.scriptFor(bearer(TENANT_A), SYNC_1, respond.json(503, { status: 503, error: 'Service Unavailable' }));
  for (let i = 0; i < 3; i += 1) expect((await gateway.graphql(SYNC_1_QUERY, A)).body).toEqual(syncError(HTTP_503));
}

describe("a caller's own 5xx answers", () => {
  it('refuse that caller fast on that route, while the other tenant is still served by the upstream', async () => {
    await failTenantA();
    expect((await gateway.graphql(SYNC_1_QUERY, A)).body).toEqual(syncError(CALLER_OPEN, 'UPSTREAM_UNAVAILABLE'));
    expect(upstream.count(SYNC_1, bearer(TENANT_A))).toBe(3);

    expect((await gateway.graphql(SYNC_1_QUERY, B)).body).toEqual({ data: { sync: { databaseId: 1 } } });
    expect((await gateway.graphql(SYNC_2_QUERY, B)).body).toEqual({ data: { sync: { databaseId: 2 } } });
    expect(upstream.count(SYNC_1, bearer(TENANT_B))).toBe(1);
    expect(await gateway.get('/readyz')).toMatchObject({ status: 200, body: { status: 'ready', breaker: 'closed' } });
  });

  it("refuse that caller on every sync id (the route template), but not on another route", async () => {
    await failTenantA();
    expect((await gateway.graphql(SYNC_2_QUERY, A)).body).toEqual(syncError(CALLER_OPEN, 'UPSTREAM_UNAVAILABLE'));
    expect(upstream.count(SYNC_2)).toBe(0);
    expect((await gateway.graphql(`{ connector(databaseId: 5) { databaseId } }`, A)).body).toEqual({ data: { connector: null } });
    expect(upstream.count(CONNECTOR_5, bearer(TENANT_A))).toBe(1);
  });

  it("let the caller's probe through after the cool-down, and serve it again once the upstream does", async () => {
    await failTenantA();
    gateway.time.advance(29_999);
    expect(firstErrorOf(await gateway.graphql(SYNC_1_QUERY, A)).message).toBe(CALLER_OPEN);
    gateway.time.advance(1);
    upstream.scriptFor(bearer(TENANT_A), SYNC_1, respond.json(200, syncBody(1)));
    expect((await gateway.graphql(SYNC_1_QUERY, A)).body).toEqual({ data: { sync: { databaseId: 1 } } });
    expect((await gateway.graphql(SYNC_2_QUERY, A)).body).toEqual({ data: { sync: { databaseId: 2 } } });
  });

  it('are logged under an opaque caller key, never the token', async () => {
    await failTenantA();
    const opened = gateway.logs.find((line) => line.msg === "circuit breaker of one caller's route is open");
    expect(opened).toMatchObject({ caller: expect.stringMatching(/^[A-Za-z0-9_-]{12}$/), route: '/api/v1/syncs/:id', from: 'closed', to: 'open' });
    expect(gateway.logs.filter((line) => line.msg === 'upstream circuit breaker is open')).toEqual([]);
    expect(JSON.stringify(gateway.logs)).not.toContain(TENANT_A);
  });
});

describe('the shared breaker', () => {
  it('is opened by transport failures, whoever makes the calls, and then refuses every tenant', async () => {
    upstream.script(SYNC_1, respond.reset());
    for (let i = 0; i < 3; i += 1) {
      expect((await gateway.graphql(SYNC_1_QUERY, A)).body).toEqual(syncError('The AI Squared API could not be reached.', 'UPSTREAM_UNAVAILABLE'));
    }
    expect((await gateway.graphql(SYNC_2_QUERY, B)).body).toEqual(syncError(SHARED_OPEN, 'UPSTREAM_UNAVAILABLE'));
    expect(upstream.count(SYNC_2)).toBe(0);
    expect(await gateway.get('/readyz')).toMatchObject({ status: 503, body: { breaker: 'open', upstream: 'not-checked' } });
  });

  it('is opened by 5xx answers to three distinct callers, not to two', async () => {
    for (const token of ['first-failing', 'second-failing']) {
      upstream.scriptFor(bearer(token), SYNC_1, respond.json(503, { status: 503, error: 'Service Unavailable' }));
      expect((await gateway.graphql(SYNC_1_QUERY, callerHeaders(token))).body).toEqual(syncError(HTTP_503));
    }
    expect((await gateway.graphql(SYNC_2_QUERY, B)).body).toEqual({ data: { sync: { databaseId: 2 } } });

    upstream.scriptFor(bearer('third-failing'), SYNC_1, respond.json(503, { status: 503, error: 'Service Unavailable' }));
    expect((await gateway.graphql(SYNC_1_QUERY, callerHeaders('third-failing'))).body).toEqual(syncError(HTTP_503));
    expect((await gateway.graphql(SYNC_2_QUERY, B)).body).toEqual(syncError(SHARED_OPEN, 'UPSTREAM_UNAVAILABLE'));
    expect(upstream.count(SYNC_2)).toBe(1);
    expect(gateway.logs.find((line) => line.msg === 'upstream circuit breaker is open')).toMatchObject({ from: 'closed', to: 'open', failingCallers: 3 });
  });

  it('counts one caller once, however many 5xx it gets, and only within the window', async () => {
    upstream.scriptFor(bearer(TENANT_A), SYNC_1, respond.json(503, { status: 503, error: 'Service Unavailable' }));
    upstream.scriptFor(bearer('second-failing'), SYNC_1, respond.json(503, { status: 503, error: 'Service Unavailable' }));
    upstream.scriptFor(bearer('late-failing'), SYNC_1, respond.json(503, { status: 503, error: 'Service Unavailable' }));
    await failTenantA();
    await gateway.graphql(SYNC_1_QUERY, callerHeaders('second-failing'));
    expect((await gateway.graphql(SYNC_2_QUERY, B)).body).toEqual({ data: { sync: { databaseId: 2 } } });
    gateway.time.advance(10_000);
    await gateway.graphql(SYNC_1_QUERY, callerHeaders('late-failing'));
    expect((await gateway.graphql(SYNC_2_QUERY, B)).body).toEqual({ data: { sync: { databaseId: 2 } } });
  });
});
