/**
 * Hostile credentials, headers, ids and cursors: only the caller's validated Authorization and
 * Workspace-Id ever reach the upstream, nothing a client writes can add a header, change a path or
 * reach another host, and no token shows up in a response or a log line. Every case asserts the
 * upstream's request log, so "no upstream call" is a fact, not a guess.
 */
import { Writable } from 'node:stream';
import { DEMO_TOKEN, OTHER_TOKEN, OTHER_WORKSPACE_ID } from '../../demo/src/credentials';
import { encodeGlobalId } from '../../src/globalId';
import { createLogger } from '../../src/logger';
import { demoHeaders, startHarness, type Harness } from '../support/harness';
import { httpRequest, rawExchange, rawGraphQLPost } from '../support/rawHttp';
import { dataOf, errorsOf, firstOf, type GraphQLBody } from '../support/response';
import { restAll } from '../support/rest';

const otherHeaders = { authorization: `Bearer ${OTHER_TOKEN}`, 'workspace-id': String(OTHER_WORKSPACE_ID) };
/** Every upstream path the gateway may build: fixed prefixes and integer ids only. */
const ALLOWED_PATH =
  /^\/api\/v1\/(syncs(\/[1-9]\d*(\/enable|\/sync_runs(\/[1-9]\d*(\/sync_records)?)?)?)?|schedule_syncs(\/[1-9]\d*)?|connectors(\/[1-9]\d*)?|models(\/[1-9]\d*)?|workspaces)$/;
const FORWARDED_HEADER_NAMES = ['accept', 'authorization', 'connection', 'host', 'workspace-id'];

/** Every log line of the suite, and the lines of the current test. */
const allLogLines: string[] = [];
let logLines: string[] = [];
/** Every upstream path requested during the suite (each test clears the upstream's own log). */
const seenPaths: string[] = [];
let harness: Harness;
let syncId: number;
let runId: number;
let otherSyncId: number;

beforeAll(async () => {
  const destination = new Writable({
    write(chunk, _encoding, done) {
      allLogLines.push(String(chunk));
      logLines.push(String(chunk));
      done();
    },
  });
  harness = await startHarness({ env: { INTROSPECTION: 'false' }, logger: createLogger({ level: 'debug', destination }) });
  const syncs = await restAll(harness.upstream.url, '/api/v1/syncs');
  for (const sync of syncs) {
    const runs = await restAll(harness.upstream.url, `/api/v1/syncs/${sync.id}/sync_runs`);
    if (runs.length > 1) {
      syncId = Number(sync.id);
      runId = Number(firstOf(runs).id);
      break;
    }
  }
  otherSyncId = Number(firstOf(await restAll(harness.upstream.url, '/api/v1/syncs', {}, otherHeaders), "the other user's syncs").id);
});
afterAll(() => harness.close());
beforeEach(() => {
  harness.upstream.clearLog();
  logLines = [];
});
afterEach(() => {
  seenPaths.push(...harness.upstream.requests.map((r) => r.path));
});

const upstreamPaths = () => harness.upstream.requests.map((r) => r.path);
const SYNC_QUERY = '{ sync(databaseId: %ID%) { databaseId } }';
const syncQuery = () => SYNC_QUERY.replace('%ID%', String(syncId));
const bodyOf = (text: string): GraphQLBody<unknown> => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));

describe('headers a client sends that must never reach the upstream', () => {
  it('forwards exactly Authorization and Workspace-Id past hop-by-hop, proxy, identity and framing headers, and still answers', async () => {
    const body = JSON.stringify({ query: syncQuery() });
    const response = await httpRequest(harness.url, {
      headers: {
        ...demoHeaders,
        host: 'evil.example',
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
        connection: 'keep-alive, x-foo',
        'x-foo': 'hop-by-hop by Connection',
        'keep-alive': 'timeout=600',
        upgrade: 'h2c',
        te: 'trailers',
        trailer: 'x-checksum',
        'proxy-authorization': 'Basic cHJveHk6c2VjcmV0',
        cookie: 'session=stolen',
        'x-user-id': '1',
        'x-tenant': '3',
        'x-forwarded-for': '10.0.0.1',
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'http',
        forwarded: 'for=10.0.0.1;host=evil.example',
        'x-real-ip': '10.0.0.1',
        'x-api-key': 'leak-me',
        'x-http-method-override': 'DELETE',
        via: '1.1 evil',
      },
      // Two chunks: the body really arrives chunked, with no Content-Length.
      chunks: [body.slice(0, 10), body.slice(10)],
    });
    expect({ status: response.status, body: JSON.parse(response.text) }).toEqual({ status: 200, body: { data: { sync: { databaseId: syncId } } } });
    expect(harness.upstream.requests.map((r) => ({ method: r.method, path: r.path, headers: r.headers }))).toEqual([
      {
        method: 'GET',
        path: `/api/v1/syncs/${syncId}`,
        headers: {
          accept: 'application/json',
          authorization: demoHeaders.authorization,
          connection: 'keep-alive',
          host: new URL(harness.upstream.url).host,
          'workspace-id': '1',
        },
      },
    ]);
  });

  it('answers Expect: 100-continue and still forwards nothing but the credentials', async () => {
    const response = await httpRequest(harness.url, {
      headers: { ...demoHeaders, 'content-type': 'application/json', expect: '100-continue' },
      chunks: [JSON.stringify({ query: syncQuery() })],
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ data: { sync: { databaseId: syncId } } });
    expect(Object.keys(firstOf(harness.upstream.requests).headers).sort()).toEqual(FORWARDED_HEADER_NAMES);
  });

  it.each([
    ['Content-Length and Transfer-Encoding together (smuggling)', ['Transfer-Encoding: chunked'], 'HTTP/1.1 400 Bad Request'],
    ['two different Content-Length values', ['Content-Length: 3'], 'HTTP/1.1 400 Bad Request'],
    ['an expectation the server cannot meet', ['Expect: teapot'], 'HTTP/1.1 417 Expectation Failed'],
  ])('refuses %s at the HTTP layer without an upstream call', async (_what, extra, statusLine) => {
    const answer = await rawExchange(harness.url, rawGraphQLPost(syncQuery(), [`Authorization: Bearer ${DEMO_TOKEN}`, 'Workspace-Id: 1', ...extra]));
    expect(answer.split('\r\n')[0]).toBe(statusLine);
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('refuses a Content-Length shorter than the body: the rest is not a request, nothing reaches the upstream', async () => {
    const body = JSON.stringify({ query: syncQuery() });
    const request = ['POST /graphql HTTP/1.1', 'Host: gateway.test', 'Content-Type: application/json', `Authorization: Bearer ${DEMO_TOKEN}`, 'Workspace-Id: 1', 'Content-Length: 10', '', body].join('\r\n');
    const answer = await rawExchange(harness.url, request);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(harness.upstream.requests).toHaveLength(0);
  });
});

describe('CR/LF and malformed credentials', () => {
  it('treats CRLF inside a header value as the end of that header: the injected line never reaches the upstream', async () => {
    const answer = await rawExchange(harness.url, rawGraphQLPost(syncQuery(), [`Authorization: Bearer ${DEMO_TOKEN}`, 'Workspace-Id: 1\r\nX-Injected: yes']));
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(bodyOf(answer)).toEqual({ data: { sync: { databaseId: syncId } } });
    expect(Object.keys(firstOf(harness.upstream.requests).headers).sort()).toEqual(FORWARDED_HEADER_NAMES);
  });

  it.each([
    ['a bare CR', [`Authorization: Bearer ${DEMO_TOKEN}`, 'Workspace-Id: 1\rX-Injected: yes']],
    ['a bare LF', [`Authorization: Bearer ${DEMO_TOKEN}`, 'Workspace-Id: 1\nX-Injected: yes']],
    ['a folded continuation line', [`Authorization: Bearer ${DEMO_TOKEN}`, 'Workspace-Id: 1', ' X-Injected: yes']],
    ['a NUL byte', [`Authorization: Bearer ${DEMO_TOKEN}\u0000x`, 'Workspace-Id: 1']],
  ])('answers 400 to a header with %s, before any upstream call', async (_what, lines) => {
    const answer = await rawExchange(harness.url, rawGraphQLPost(syncQuery(), lines));
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(harness.upstream.requests).toHaveLength(0);
  });

  const WORKSPACE_MUST_BE_INTEGER = { code: 'BAD_USER_INPUT', message: 'The Workspace-Id header must be a positive integer.' };
  it.each([
    ['Workspace-Id "1 3"', { ...demoHeaders, 'workspace-id': '1 3' }, WORKSPACE_MUST_BE_INTEGER],
    ['Workspace-Id "1,3"', { ...demoHeaders, 'workspace-id': '1,3' }, WORKSPACE_MUST_BE_INTEGER],
    ['Workspace-Id "0"', { ...demoHeaders, 'workspace-id': '0' }, WORKSPACE_MUST_BE_INTEGER],
    ['Workspace-Id "-1"', { ...demoHeaders, 'workspace-id': '-1' }, WORKSPACE_MUST_BE_INTEGER],
    ['Workspace-Id "1.0"', { ...demoHeaders, 'workspace-id': '1.0' }, WORKSPACE_MUST_BE_INTEGER],
    ['Workspace-Id "0x1"', { ...demoHeaders, 'workspace-id': '0x1' }, WORKSPACE_MUST_BE_INTEGER],
    ['Workspace-Id "1e3"', { ...demoHeaders, 'workspace-id': '1e3' }, WORKSPACE_MUST_BE_INTEGER],
    ['Workspace-Id of 19 digits', { ...demoHeaders, 'workspace-id': '1234567890123456789' }, WORKSPACE_MUST_BE_INTEGER],
    ['Workspace-Id "../1"', { ...demoHeaders, 'workspace-id': '../1' }, WORKSPACE_MUST_BE_INTEGER],
  ])('answers %s with a clean error on the field and no upstream call', async (_what, headers, error) => {
    const response = await harness.graphql(syncQuery(), undefined, headers as Record<string, string>);
    expect(response.body).toEqual({
      data: { sync: null },
      errors: [{ message: error.message, locations: [{ line: 1, column: 3 }], path: ['sync'], extensions: { code: error.code } }],
    });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  const BEARER_FORM = 'The Authorization header must have the form "Bearer <token>".';
  it.each([
    ['no Authorization', { 'workspace-id': '1' }, 'Send an "Authorization: Bearer <token>" header to query the AI Squared API.'],
    ['an empty Authorization', { ...demoHeaders, authorization: '' }, 'Send an "Authorization: Bearer <token>" header to query the AI Squared API.'],
    ['Authorization "Bearer"', { ...demoHeaders, authorization: 'Bearer' }, BEARER_FORM],
    ['Authorization with two tokens', { ...demoHeaders, authorization: `Bearer ${DEMO_TOKEN} ${OTHER_TOKEN}` }, BEARER_FORM],
    ['Authorization "Basic …"', { ...demoHeaders, authorization: 'Basic dXNlcjpwYXNz' }, BEARER_FORM],
    ['Authorization of 9000 characters', { ...demoHeaders, authorization: `Bearer ${'a'.repeat(9000)}` }, BEARER_FORM],
  ])('refuses %s with 401 UNAUTHENTICATED before parsing, and no upstream call', async (_what, headers, message) => {
    const response = await harness.graphql(syncQuery(), undefined, headers as Record<string, string>);
    expect({ status: response.status, body: response.body }).toEqual({ status: 401, body: { errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] } });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('refuses two Authorization headers instead of using the first', async () => {
    const answer = await rawExchange(harness.url, rawGraphQLPost(syncQuery(), [`Authorization: Bearer ${DEMO_TOKEN}`, `Authorization: Bearer ${OTHER_TOKEN}`, 'Workspace-Id: 1']));
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 401 Unauthorized');
    expect(errorsOf({ body: bodyOf(answer) }).map((e) => [e.extensions?.code, e.message])).toEqual([['UNAUTHENTICATED', 'Send exactly one Authorization header.']]);
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('refuses two Workspace-Id headers instead of picking one', async () => {
    const answer = await rawExchange(harness.url, rawGraphQLPost(syncQuery(), [`Authorization: Bearer ${DEMO_TOKEN}`, 'Workspace-Id: 1', `Workspace-Id: ${OTHER_WORKSPACE_ID}`]));
    expect(errorsOf({ body: bodyOf(answer) }).map((e) => [e.extensions?.code, e.message])).toEqual([['BAD_USER_INPUT', 'The Workspace-Id header must be a positive integer.']]);
    expect(harness.upstream.requests).toHaveLength(0);
  });
});

describe('ids that try to leave their path segment', () => {
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
  const hostile = [
    '..',
    '../admin',
    '.%2E',
    '%2e%2e',
    'a/b',
    'a?x=1',
    'a#f',
    '//evil.com',
    'https://evil.com/x',
    '',
    'x'.repeat(10_000),
    'U3luYzox\u0000',
    '🙂',
    b64('Sync:..'),
    b64('Sync:../admin'),
    b64('Sync:%2e%2e'),
    b64('Sync:1/../2'),
    b64('Sync:1?x=1'),
    b64('Sync://evil.com'),
    b64('Sync:https://evil.com/x'),
    b64('Sync:-1'),
    b64('Sync:0'),
    b64('Sync:01'),
    b64('Sync:99999999999999999999'),
    b64('Sync:1\u0000'),
    b64('Sync: 1'),
    b64('SyncRun:1'),
    b64('SyncRun:1:2:3'),
    b64('User:1'),
    b64('__proto__:1'),
    b64('constructor:1'),
  ];

  it('rejects every hostile global id with BAD_USER_INPUT, slot by slot, and builds no URL from any', async () => {
    const response = await harness.graphql('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: hostile });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: { nodes: hostile.map(() => null) },
      errors: hostile.map((_id, index) => ({
        message: `Argument "ids[${index}]" is not a valid global id.`,
        locations: [{ line: 1, column: 24 }],
        path: ['nodes', index],
        extensions: { code: 'BAD_USER_INPUT' },
      })),
    });
    const single = await harness.graphql('query ($id: ID!) { node(id: $id) { id } }', { id: '../../workspaces' });
    expect(single.body).toEqual({
      data: { node: null },
      errors: [{ message: 'Argument "id" is not a valid global id.', locations: [{ line: 1, column: 20 }], path: ['node'], extensions: { code: 'BAD_USER_INPUT' } }],
    });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('rejects hostile ids in mutation inputs before any write', async () => {
    const response = await harness.graphql('mutation ($id: ID!) { triggerSyncRun(input: { syncId: $id }) { sync { databaseId } } }', { id: b64('Sync:1/../../workspaces') });
    expect(response.body.data).toEqual({ triggerSyncRun: null });
    expect(response.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it.each([
    ['-1', 'Argument "databaseId" must be a positive integer, got -1.'],
    ['0', 'Argument "databaseId" must be a positive integer, got 0.'],
  ])('rejects databaseId %s with BAD_USER_INPUT and no upstream call', async (id, message) => {
    const response = await harness.graphql(`{ sync(databaseId: ${id}) { databaseId } }`);
    expect(response.body).toEqual({ data: { sync: null }, errors: [{ message, locations: [{ line: 1, column: 3 }], path: ['sync'], extensions: { code: 'BAD_USER_INPUT' } }] });
    expect(harness.upstream.requests).toHaveLength(0);
  });
});

describe('cursors from somewhere else', () => {
  const RUNS = 'query ($sync: Int!, $after: String) { sync(databaseId: $sync) { runs(first: 2, after: $after) { nodes { databaseId } } } }';
  const SYNCS_CURSOR = '{ syncs(first: 1) { pageInfo { endCursor } } }';
  type SyncsCursorData = { syncs: { pageInfo: { endCursor: string } } };

  async function runsCursor(headers: Record<string, string> = demoHeaders, sync = syncId): Promise<string> {
    const response = await harness.graphql<{ sync: { runs: { pageInfo: { endCursor: string } } } }>(
      'query ($sync: Int!) { sync(databaseId: $sync) { runs(first: 1) { pageInfo { endCursor } } } }',
      { sync },
      headers,
    );
    return dataOf(response).sync.runs.pageInfo.endCursor;
  }

  it('accepts its own cursor (the control case)', async () => {
    const cursor = await runsCursor();
    const response = await harness.graphql<{ sync: { runs: { nodes: unknown[] } } }>(RUNS, { sync: syncId, after: cursor });
    expect(response.body.errors).toBeUndefined();
    expect(dataOf(response).sync.runs.nodes).toHaveLength(2);
  });

  it.each([
    ['random base64', () => Buffer.from('random bytes, not a cursor at all').toString('base64')],
    ['base64 of bad JSON', () => `c1.${Buffer.from('{not json').toString('base64url')}.AAAAAAAAAAAAAAAAAAAAAA`],
    ['base64 of a forged offset', () => `c1.${Buffer.from(JSON.stringify(['w1|runs', 500000, 1, 0])).toString('base64url')}.AAAAAAAAAAAAAAAAAAAAAA`],
    ['a 100 kB cursor', () => 'c1.'.padEnd(100_000, 'A')],
    ['a syncs cursor (another connection)', async () => dataOf(await harness.graphql<SyncsCursorData>(SYNCS_CURSOR)).syncs.pageInfo.endCursor],
    ['a cursor issued in workspace 2 (another workspace)', async () => dataOf(await harness.graphql<SyncsCursorData>(SYNCS_CURSOR, undefined, { ...demoHeaders, 'workspace-id': '2' })).syncs.pageInfo.endCursor],
  ])('rejects %s with BAD_USER_INPUT', async (_what, makeCursor) => {
    const cursor = await makeCursor();
    harness.upstream.clearLog();
    const response = await harness.graphql(RUNS, { sync: syncId, after: cursor });
    expect(response.body.data).toEqual({ sync: null });
    expect(response.body.errors?.map((e) => [e.extensions?.code, e.message.startsWith('Argument "after" is not a valid cursor for this connection: ')])).toEqual([
      ['BAD_USER_INPUT', true],
    ]);
    // The sync itself may be read; its runs are never listed with an attacker-chosen position.
    expect(upstreamPaths().filter((path) => path.endsWith('/sync_runs'))).toEqual([]);
  });

  it("rejects another user's cursor for the same query shape (workspace 3's syncs list presented in workspace 1, and back)", async () => {
    const SYNCS = 'query ($after: String) { syncs(first: 1, after: $after) { nodes { databaseId } } }';
    const theirs = dataOf(await harness.graphql<SyncsCursorData>(SYNCS_CURSOR, undefined, otherHeaders)).syncs.pageInfo.endCursor;
    const ours = dataOf(await harness.graphql<SyncsCursorData>(SYNCS_CURSOR)).syncs.pageInfo.endCursor;
    harness.upstream.clearLog();
    const mine = await harness.graphql(SYNCS, { after: theirs });
    const other = await harness.graphql(SYNCS, { after: ours }, otherHeaders);
    for (const response of [mine, other]) {
      expect(response.body).toEqual({
        data: null,
        errors: [
          {
            message: 'Argument "after" is not a valid cursor for this connection: it belongs to another list, parent, filter or workspace.',
            locations: [{ line: 1, column: 26 }],
            path: ['syncs'],
            extensions: { code: 'BAD_USER_INPUT' },
          },
        ],
      });
    }
    expect(harness.upstream.requests).toHaveLength(0);
  });
});

describe('ids of another type or another tenant', () => {
  it('refuses a connector id where a sync id is expected, without any write', async () => {
    const connectorId = encodeGlobalId({ type: 'Connector', connectorId: 1 });
    const response = await harness.graphql('mutation ($id: ID!) { triggerSyncRun(input: { syncId: $id }) { sync { databaseId } } }', { id: connectorId });
    expect(response.body).toEqual({
      data: { triggerSyncRun: null },
      errors: [
        {
          message: 'Argument "input.syncId" must be the id of a Sync, got the id of a Connector.',
          locations: [{ line: 1, column: 23 }],
          path: ['triggerSyncRun'],
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ],
    });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it("answers null for another workspace's sync, fetched only at its own typed path with the caller's credentials", async () => {
    const response = await harness.graphql('query ($id: ID!, $db: Int!) { node(id: $id) { id } sync(databaseId: $db) { databaseId } }', {
      id: encodeGlobalId({ type: 'Sync', syncId: otherSyncId }),
      db: otherSyncId,
    });
    expect(response.body).toEqual({ data: { node: null, sync: null } });
    expect(harness.upstream.requests.map((r) => [r.path, r.headers.authorization, r.headers['workspace-id']])).toEqual([
      [`/api/v1/syncs/${otherSyncId}`, demoHeaders.authorization, '1'],
    ]);
  });
});

describe('tokens in logs and responses', () => {
  it('writes one structured line per GraphQL request: request id, method, operation name, status, upstream requests, duration', async () => {
    const response = await fetch(`${harness.url}/graphql`, {
      method: 'POST',
      headers: { ...demoHeaders, 'content-type': 'application/json', 'x-request-id': 'trace-me-42' },
      body: JSON.stringify({ query: `query OneSync { sync(databaseId: ${syncId}) { databaseId } }` }),
    });
    expect(response.headers.get('x-request-id')).toBe('trace-me-42');
    await response.text();
    const lines = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.msg === 'graphql request');
    expect(lines).toEqual([
      {
        level: 30,
        time: expect.any(Number),
        msg: 'graphql request',
        requestId: 'trace-me-42',
        method: 'POST',
        operationName: 'OneSync',
        status: 200,
        upstreamRequests: 1,
        durationMs: expect.any(Number),
      },
    ]);
  });

  it('logs requests refused at the edge too, with their status', async () => {
    const response = await fetch(`${harness.url}/graphql`, { method: 'POST', headers: { ...demoHeaders, 'content-type': 'application/json; charset=utf-16' }, body: '{}' });
    expect(response.status).toBe(415);
    await response.text();
    expect(logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.msg === 'graphql request').map((entry) => [entry.status, entry.upstreamRequests])).toEqual([[415, 0]]);
  });

  it('logs a client-chosen operation name only when it is a short GraphQL name', async () => {
    const hostileName = `x\n{"level":60,"msg":"forged"}${'y'.repeat(500)}`;
    const response = await harness.graphql('query Real { __typename }', undefined);
    expect(response.status).toBe(200);
    await fetch(`${harness.url}/graphql`, {
      method: 'POST',
      headers: { ...demoHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query Real { __typename }', operationName: hostileName }),
    }).then((r) => r.text());
    const lines = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.msg === 'graphql request');
    expect(lines.map((entry) => [entry.status, entry.operationName])).toEqual([
      [200, 'Real'],
      [400, undefined],
    ]);
    expect(logLines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
  });

  it('redacts authorization wherever a log line carries it', () => {
    const lines: string[] = [];
    const logger = createLogger({
      destination: new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    });
    const secret = `Bearer ${DEMO_TOKEN}`;
    logger.info(
      {
        authorization: secret,
        headers: { authorization: secret, cookie: secret, 'proxy-authorization': secret },
        request: { headers: { authorization: secret, cookie: secret, 'proxy-authorization': secret } },
      },
      'x',
    );
    expect(lines.join('')).not.toContain(DEMO_TOKEN);
    const hidden = { authorization: '[redacted]', cookie: '[redacted]', 'proxy-authorization': '[redacted]' };
    expect(JSON.parse(firstOf(lines, 'the log lines'))).toMatchObject({ authorization: '[redacted]', headers: hidden, request: { headers: hidden } });
  });
});

describe('after every request of this suite', () => {
  it('the upstream only ever saw allow-listed paths', () => {
    expect(seenPaths.length).toBeGreaterThan(10);
    expect(seenPaths.filter((path) => !ALLOWED_PATH.test(path))).toEqual([]);
    expect(ALLOWED_PATH.test(`/api/v1/syncs/${syncId}/sync_runs/${runId}/sync_records`)).toBe(true);
    expect(ALLOWED_PATH.test('/api/v1/syncs/1/../2')).toBe(false);
  });

  it('no token appears in any log line written during the suite', () => {
    expect(allLogLines.length).toBeGreaterThan(10);
    const text = allLogLines.join('\n');
    expect(text).not.toContain(DEMO_TOKEN);
    expect(text).not.toContain(OTHER_TOKEN);
  });
});
