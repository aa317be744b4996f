/**
 * A hostile upstream echoes the caller's credentials back in every error it can send (each status the
 * client maps, each error envelope, bodies that are not JSON, retried 5xx, headers), and the gateway
 * logs what it was told. Every captured log line, whole, must hold neither the caller's token nor a
 * JWT; and the lines about those answers must still be written, redacted, so the check can fail.
 */
import { REDACTED } from '../../src/redact';
import { startFaultGateway, type FaultGateway } from '../support/faultGateway';
import { firstOf } from '../support/response';
import { respond, startScenarioUpstream, syncBody, type Behaviour, type ScenarioUpstream } from '../support/scenarioUpstream';

/** An opaque API key, with the characters a token68 allows that are regex metacharacters or JSON/URL-escaped. */
const API_KEY = 'sk-live-4f9a2c7e1b8d.3a6f+0e5d/9c2b7a1f==';
/** A signed JWT, the form the AI Squared API's own tokens take. */
const CALLER_JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIiwic2NwIjoidXNlciJ9.Qm9keS1zaWduYXR1cmUtZm9yLXRlc3RzLW9ubHk';
/** Someone else's JWT the upstream leaks along the way. */
const FOREIGN_JWT = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiIsImV4cCI6NDEwMjQ0NDgwMH0.c2lnbmF0dXJlLW9mLWFub3RoZXItdXNlcg';

const BROKEN = '/api/v1/syncs/1';
const HEALTHY = '/api/v1/syncs/2';
const READ = '{ broken: sync(databaseId: 1) { databaseId } healthy: sync(databaseId: 2) { databaseId } }';
const ENABLE = 'mutation { setSyncEnabled(input: { syncDatabaseId: 1, enabled: false }) { clientMutationId } }';
const TRIGGER = 'mutation { triggerSyncRun(input: { syncDatabaseId: 1 }) { clientMutationId } }';
/** Breaker and budget far out of reach, so every retry happens. */
const ISOLATED = { UPSTREAM_BREAKER_FAILURES: '1000', UPSTREAM_RETRY_BUDGET_FLOOR: '1000' };

/** Every way an upstream might quote the caller's token back, plus a JWT that is not the caller's. */
function echoOf(token: string): string {
  return [
    `Authorization: Bearer ${token} was rejected`,
    `token=${token}`,
    `query=?access_token=${encodeURIComponent(token)}`,
    `${token}`,
    `forwarded by bearer\t${FOREIGN_JWT}, session ${FOREIGN_JWT}.`,
  ].join('; ');
}

/** Headers an upstream might echo the credentials in (none is logged, and the test proves it). */
function echoHeaders(token: string): Record<string, string> {
  return { 'www-authenticate': `Bearer error="invalid_token", token="${token}"`, 'x-echo-authorization': `Bearer ${token}` };
}

interface ErrorPath {
  name: string;
  query: string;
  route: string;
  answer: (token: string) => Behaviour;
  /** Upstream requests made (retries included). */
  requests: number;
  /** Routes answered normally first (a write reads the sync before it writes). */
  before?: Array<[string, Behaviour]>;
}

const renderError = (status: number, detail: string, extra: Record<string, unknown> = {}) => ({ errors: [{ status, title: 'Error', detail, ...extra }] });

const ERROR_PATHS: ErrorPath[] = [
  {
    name: '400, envelope B (contract errors keyed by parameter, the token in a key too)',
    query: READ,
    route: BROKEN,
    answer: (t) => respond.json(400, { errors: { page: [echoOf(t)], [`Bearer ${t}`]: ['is not a parameter'], [t]: ['unknown'] } }, echoHeaders(t)),
    requests: 1,
  },
  {
    name: '400, envelope C (catch-all bad request)',
    query: READ,
    route: BROKEN,
    answer: (t) => respond.json(400, renderError(400, `There was a problem with the request format: ${echoOf(t)}`, { source: { pointer: '/request/payload' } }), echoHeaders(t)),
    requests: 1,
  },
  { name: '400 whose body is not JSON', query: READ, route: BROKEN, answer: (t) => respond.raw(400, echoOf(t), { 'content-type': 'text/plain', ...echoHeaders(t) }), requests: 1 },
  { name: '401, envelope A (JSON:API render_error)', query: READ, route: BROKEN, answer: (t) => respond.json(401, renderError(401, echoOf(t)), echoHeaders(t)), requests: 1 },
  { name: '401, a JSON:API error with a title only', query: READ, route: BROKEN, answer: (t) => respond.json(401, { errors: [{ title: echoOf(t) }] }, echoHeaders(t)), requests: 1 },
  { name: "401, the vendor docs' {message, status}", query: READ, route: BROKEN, answer: (t) => respond.json(401, { message: echoOf(t), status: 'unauthorized' }, echoHeaders(t)), requests: 1 },
  { name: '403, envelope A', query: READ, route: BROKEN, answer: (t) => respond.json(403, renderError(403, echoOf(t)), echoHeaders(t)), requests: 1 },
  { name: '404, envelope D (record not found)', query: READ, route: BROKEN, answer: (t) => respond.json(404, { error: `Couldn't find Sync for ${echoOf(t)}` }, echoHeaders(t)), requests: 1 },
  {
    name: '422 to a write, envelope A with a source map',
    query: ENABLE,
    route: `${BROKEN}/enable`,
    answer: (t) => respond.json(422, renderError(422, echoOf(t), { source: { enable: echoOf(t) } }), echoHeaders(t)),
    requests: 1,
    // setSyncEnabled reads the sync first and writes only when its state must change (it is on).
    before: [[BROKEN, respond.json(200, syncBody(1))]],
  },
  { name: '424 to a write, envelope A', query: TRIGGER, route: '/api/v1/schedule_syncs', answer: (t) => respond.json(424, renderError(424, echoOf(t)), echoHeaders(t)), requests: 1 },
  {
    name: '429 with a Retry-After beyond the cap',
    query: READ,
    route: BROKEN,
    answer: (t) => respond.json(429, { error: echoOf(t) }, { 'retry-after': '3600', ...echoHeaders(t) }),
    requests: 1,
  },
  { name: "500, Rails' JSON body", query: READ, route: BROKEN, answer: (t) => respond.json(500, { status: 500, error: echoOf(t) }, echoHeaders(t)), requests: 1 },
  {
    name: '500 from a JSON encoder that escapes slashes',
    query: READ,
    route: BROKEN,
    answer: (t) => respond.raw(500, JSON.stringify({ status: 500, error: echoOf(t) }).replaceAll('/', '\\/'), { 'content-type': 'application/json', ...echoHeaders(t) }),
    requests: 1,
  },
  { name: '500 whose body is not JSON', query: READ, route: BROKEN, answer: (t) => respond.raw(500, `RuntimeError\n  request: ${echoOf(t)}`, { 'content-type': 'text/plain', ...echoHeaders(t) }), requests: 1 },
  { name: '502 from a proxy, HTML (retried, then given up)', query: READ, route: BROKEN, answer: (t) => respond.raw(502, `<html><body>${echoOf(t)}</body></html>`, { 'content-type': 'text/html', ...echoHeaders(t) }), requests: 3 },
  { name: '503, JSON (retried, then given up)', query: READ, route: BROKEN, answer: (t) => respond.json(503, { status: 503, error: echoOf(t) }, echoHeaders(t)), requests: 3 },
  { name: '409, an unexpected 4xx', query: READ, route: BROKEN, answer: (t) => respond.json(409, renderError(409, echoOf(t)), echoHeaders(t)), requests: 1 },
  { name: '200 whose body is not JSON', query: READ, route: BROKEN, answer: (t) => respond.raw(200, `<pre>${echoOf(t)}</pre>`, { 'content-type': 'text/html', ...echoHeaders(t) }), requests: 1 },
];

const CALLERS: Array<[string, string]> = [
  ['an opaque API key', API_KEY],
  ['a JWT', CALLER_JWT],
];

let upstream: ScenarioUpstream;
let gateway: FaultGateway | undefined;

beforeEach(async () => {
  upstream = await startScenarioUpstream();
  upstream.script(HEALTHY, respond.json(200, syncBody(2)));
});
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
  await upstream.close();
});

async function gatewayFor(): Promise<FaultGateway> {
  gateway = await startFaultGateway(upstream.url, ISOLATED);
  return gateway;
}

function headersFor(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}`, 'workspace-id': '7' };
}

/** The whole of every log line, as written. */
function logText(g: FaultGateway): string {
  return g.logs.map((line) => JSON.stringify(line)).join('\n');
}

function expectNoCredential(text: string, token: string): void {
  for (const secret of [token, encodeURIComponent(token), token.replaceAll('/', '\\/'), FOREIGN_JWT, CALLER_JWT]) expect(text).not.toContain(secret);
  // Not even a part of one, however it was escaped: every long alphanumeric run of each.
  for (const part of [token, FOREIGN_JWT, CALLER_JWT].flatMap((secret) => secret.split(/[^A-Za-z0-9]+/)).filter((run) => run.length >= 8)) {
    expect(text).not.toContain(part);
  }
}

describe.each(CALLERS)('a caller whose token is %s', (_kind, token) => {
  it.each(ERROR_PATHS.map((path) => [path.name, path] as const))('logs no credential when the upstream echoes it in a %s', async (_name, path) => {
    const g = await gatewayFor();
    for (const [route, behaviour] of path.before ?? []) upstream.script(route, behaviour);
    upstream.script(path.route, path.answer(token));
    const response = await g.graphql(path.query, headersFor(token));
    expect(response.status).toBe(200);
    expect(upstream.count(path.route)).toBe(path.requests);
    expect(upstream.requests.find((r) => r.route === path.route)?.headers.authorization).toBe(`Bearer ${token}`);

    expectNoCredential(logText(g), token);
    expectNoCredential(response.text, token);
    // The answers were logged, redacted: the check above ran on lines that held the echo.
    const answered = g.logs.filter((line) => line.msg === 'upstream answered with an error' || line.msg === 'upstream sent a body that is not JSON');
    expect(answered).toHaveLength(path.requests);
    for (const line of answered) expect(JSON.stringify([line.upstreamDetail, line.upstreamBody])).toContain(REDACTED);
  });
});

describe('a configuration the upstream echoes in an error', () => {
  it('is logged with the values under secret keys masked', async () => {
    const g = await gatewayFor();
    const echoed = JSON.stringify({ error: 'boom', sync: { configuration: { embedding_config: { api_key: 'sk-embed-0a1b2c3d4e5f', model: 'small' } } } });
    upstream.script(BROKEN, respond.raw(500, echoed, { 'content-type': 'application/json' }));
    await g.graphql(READ, headersFor(API_KEY));
    const line = firstOf(g.logs.filter((l) => l.msg === 'upstream answered with an error'), 'the error line');
    expect(String(line.upstreamBody)).toContain('"model":"small"');
    expect(logText(g)).not.toContain('sk-embed-0a1b2c3d4e5f');
  });
});

describe('a long upstream body', () => {
  it('is logged cut to a bounded length, and a token straddling the cut leaves no part of itself', async () => {
    const g = await gatewayFor();
    const body = `${'x'.repeat(490)}Bearer ${API_KEY} ${'y'.repeat(20_000)}`;
    upstream.script(BROKEN, respond.raw(500, body, { 'content-type': 'text/plain' }));
    await g.graphql(READ, headersFor(API_KEY));
    const line = firstOf(g.logs.filter((l) => l.msg === 'upstream answered with an error'), 'the error line');
    expect(line.upstreamBody).toBe(`${`${'x'.repeat(490)}Bearer ${REDACTED}`.slice(0, 500)}…`);
    expect(logText(g)).not.toContain(API_KEY.slice(0, 8));
  });

  it('keeps a bare token that starts just before the cut out of the log too', async () => {
    const g = await gatewayFor();
    upstream.script(BROKEN, respond.raw(500, `${'x'.repeat(495)}${API_KEY}${'y'.repeat(1000)}`, { 'content-type': 'text/plain' }));
    await g.graphql(READ, headersFor(API_KEY));
    const line = firstOf(g.logs.filter((l) => l.msg === 'upstream answered with an error'), 'the error line');
    expect(line.upstreamBody).toBe(`${`${'x'.repeat(495)}${REDACTED}`.slice(0, 500)}…`);
  });
});

describe('the request log line', () => {
  it('carries neither the Authorization header nor a credential the request body holds', async () => {
    const g = await gatewayFor();
    const response = await fetch(`${g.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headersFor(CALLER_JWT) },
      body: JSON.stringify({
        query: 'query Probe { healthy: sync(databaseId: 2) { databaseId } }',
        operationName: 'Probe',
        variables: { note: `Bearer ${API_KEY} and ${FOREIGN_JWT}` },
      }),
    });
    expect(await response.json()).toEqual({ data: { healthy: { databaseId: 2 } } });
    const line = firstOf(g.logs.filter((l) => l.msg === 'graphql request'), 'the request line');
    expect(line).toMatchObject({ operationName: 'Probe', status: 200, upstreamRequests: 1 });
    expectNoCredential(logText(g), API_KEY);
    expect(logText(g)).not.toMatch(/authorization/i);
  });
});
