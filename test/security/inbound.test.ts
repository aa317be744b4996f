/**
 * Hostile clients against the real gateway over HTTP (CSRF, GET rules, charsets, malformed bodies,
 * batching, the parsing and validation limits, cost, introspection, schema details, prototype keys and
 * the body cap): each is refused cheaply with a stable answer and never reaches the
 * upstream. The gateway runs as in production (INTROSPECTION=false), so no limit value and no schema
 * suggestion is echoed; a second gateway with introspection on shows what the first one hides.
 */
import { demoHeaders, startHarness, type Harness } from '../support/harness';
import { dataOf, errorsOf, firstOf, type GraphQLBody } from '../support/response';

let harness: Harness;
let open: Harness;
/** Every response body of the suite, checked at the end for stack traces. */
const bodies: string[] = [];

beforeAll(async () => {
  harness = await startHarness({ env: { INTROSPECTION: 'false' } });
  open = await startHarness({ env: { INTROSPECTION: 'true' }, upstream: harness.upstream });
});
afterAll(async () => {
  await open.close();
  await harness.close();
});
beforeEach(() => harness.upstream.clearLog());

interface Answer<D = unknown> {
  status: number;
  headers: Headers;
  /** The parsed JSON body; absent when the body was empty. */
  body: GraphQLBody<D> | undefined;
}

async function send<D = unknown>(path: string, init: RequestInit = {}, target: Harness = harness): Promise<Answer<D>> {
  const response = await fetch(`${target.url}${path}`, init);
  const text = await response.text();
  bodies.push(text);
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

function post<D = unknown>(body: unknown, headers: Record<string, string> = {}, target: Harness = harness): Promise<Answer<D>> {
  return send<D>('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...demoHeaders, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) }, target);
}

const get = (query: string, headers: Record<string, string> = {}) =>
  send(`/graphql?${new URLSearchParams({ query })}`, { method: 'GET', headers: { ...demoHeaders, ...headers } });

const badRequest = (message: string) => ({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
const CSRF_MESSAGE =
  "This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Please either specify a 'content-type' header " +
  '(with a type that is not one of application/x-www-form-urlencoded, multipart/form-data, text/plain) or provide a non-empty value ' +
  'for one of the following headers: x-apollo-operation-name, apollo-require-preflight, authorization, workspace-id\n';
const SYNCS = '{ syncs(first: 1) { totalCount } }';

/** A limit's rejection; parse-time (token) rejections carry no location. */
function tooComplex(message: string, located = true) {
  return { errors: [{ message, ...(located ? { locations: [{ line: 1, column: 1 }] } : {}), extensions: { code: 'QUERY_TOO_COMPLEX' } }] };
}

describe('admission at the HTTP layer', () => {
  it('answers a GET that carries credentials but no Content-Type or preflight header (urql\'s default request)', async () => {
    expect(await get(SYNCS)).toMatchObject({ status: 200, body: { data: { syncs: { totalCount: expect.any(Number) } } } });
  });

  it('refuses an anonymous GET of { _service { sdl } } without a preflight header as possible CSRF', async () => {
    const path = `/graphql?${new URLSearchParams({ query: '{ _service { sdl } }' })}`;
    expect(await send(path)).toMatchObject({ status: 400, body: badRequest(CSRF_MESSAGE) });
    expect(await send(path, { headers: { 'apollo-require-preflight': 'true' } })).toMatchObject({ status: 200, body: { data: { _service: { sdl: expect.any(String) } } } });
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/graphql'])('refuses a POST of %s with 415, credentials or not', async (contentType) => {
    expect(await post({ query: SYNCS }, { 'content-type': contentType })).toMatchObject({ status: 415, body: badRequest('A POST body must be JSON, sent with Content-Type: application/json.') });
    const { authorization: _token, ...anonymous } = demoHeaders;
    const stranger = await send('/graphql', { method: 'POST', headers: { ...anonymous, 'content-type': contentType }, body: JSON.stringify({ query: SYNCS }) });
    expect(stranger.status).toBe(401);
    expect(harness.upstream.requests).toHaveLength(0);
  });

  // The scan once read a GET's (empty) body instead of its query string, and let these through to the parser.
  it.each([
    ['a name over 256 characters', `{ ${'a'.repeat(300)}: __typename }`, 'The query uses a name longer than 256 characters.'],
    ['brackets 70 deep', `{ syncs(first: ${'['.repeat(70)}1${']'.repeat(70)}) { totalCount } }`, 'The query document nests braces, brackets or parentheses more deeply than the gateway allows.'],
    ['21 root fields', `{ ${'__typename '.repeat(21)}}`, 'The query selects more root fields than the gateway allows.'],
  ])('refuses %s in a GET query string before parsing, as in a POST body', async (_what, query, message) => {
    const expected = { status: 400, body: { errors: [{ message, extensions: { code: 'QUERY_TOO_COMPLEX' } }] } };
    expect(await post({ query })).toMatchObject(expected);
    const answer = await get(query);
    expect({ status: answer.status, body: answer.body }).toEqual(expected);
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('refuses a GET without credentials with 401 unless it asks for { _service { sdl } } alone', async () => {
    const anonymous = (query: string) => send(`/graphql?${new URLSearchParams({ query })}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(await anonymous(SYNCS)).toMatchObject({ status: 401, body: { errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] } });
    expect(await anonymous('{ _service { sdl } workspaces { databaseId } }')).toMatchObject({ status: 401 });
    expect(await anonymous('{ _service { sdl } }')).toMatchObject({ status: 200 });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('prices a GET\'s variables from its query string as a POST\'s, and refuses the same cost', async () => {
    const query = 'query ($n: Int) { syncs(first: $n) { nodes { databaseId } } }';
    const answer = await send(`/graphql?${new URLSearchParams({ query, variables: JSON.stringify({ n: 99999999 }) })}`, { headers: demoHeaders });
    expect(answer).toMatchObject({ status: 400, body: { errors: [{ extensions: { code: 'QUERY_TOO_COMPLEX' } }] } });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('refuses a GET whose Content-Type is not application/json, even with a preflight header', async () => {
    expect(await get(SYNCS, { 'content-type': 'text/plain', 'apollo-require-preflight': 'true' })).toMatchObject({
      status: 415,
      body: badRequest('GET requests may not have a content-type header other than application/json.'),
    });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('refuses a mutation over GET with 405 and Allow: POST', async () => {
    const answer = await get('mutation { setSyncEnabled(input: { syncDatabaseId: 1, enabled: false }) { sync { databaseId } } }');
    expect({ status: answer.status, allow: answer.headers.get('allow'), body: answer.body }).toEqual({
      status: 405,
      allow: 'POST',
      body: badRequest('GET requests only support query operations, not mutation operations'),
    });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('refuses a body over 1 MB with 413, whether declared or streamed', async () => {
    const big = JSON.stringify({ query: SYNCS, variables: { padding: 'x'.repeat(1024 * 1024) } });
    expect(await post(big)).toEqual({ status: 413, headers: expect.anything(), body: badRequest('The request body exceeds 1048576 bytes.') });
    const streamed = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const answer = await send('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...demoHeaders }, body: streamed, duplex: 'half' } as RequestInit);
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 413, body: badRequest('The request body exceeds 1048576 bytes.') });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it.each(['utf-7', 'utf-16', 'UTF-32', 'iso-8859-1', '"x-unknown"'])('refuses a body declared as charset=%s with 415', async (charset) => {
    expect(await post({ query: SYNCS }, { 'content-type': `application/json; charset=${charset}` })).toMatchObject({ status: 415, body: badRequest('The request body must be encoded as UTF-8.') });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('accepts charset=UTF-8 (the control case)', async () => {
    expect(await post({ query: SYNCS }, { 'content-type': 'application/json; charset=UTF-8' })).toMatchObject({ status: 200, body: { data: { syncs: {} } } });
  });

  it.each([
    ['malformed JSON', '{"query": ', 'The request body is not valid JSON.'],
    ['a query that is a number', '{"query": 5}', 'GraphQL queries must be strings.'],
    ['variables given as a string', '{"query": "{ __typename }", "variables": "{}"}', '`variables` in a POST body should be provided as an object, not a recursively JSON-encoded string.'],
    ['no query at all', '{"variables": {}}', 'GraphQL operations must contain a non-empty `query` or a `persistedQuery` extension.'],
  ])('answers %s with 400 and one sentence', async (_what, body, message) => {
    expect(await post(body)).toMatchObject({ status: 400, body: badRequest(message) });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('refuses a batch of 1,000 operations as a whole', async () => {
    expect(await post(Array.from({ length: 1000 }, () => ({ query: SYNCS })))).toMatchObject({ status: 400, body: badRequest('Operation batching disabled.') });
    expect(harness.upstream.requests).toHaveLength(0);
  });
});

describe('limits on the operation (INTROSPECTION=false: thresholds hidden)', () => {
  it('refuses a 50,000-token document while parsing', async () => {
    const query = `{ syncs { ${'totalCount '.repeat(50_000)}} }`;
    expect(await post({ query })).toMatchObject({ status: 400, body: tooComplex('The query document has more tokens than the gateway allows.', false) });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  const DEEP = '{ syncs { nodes { runs { nodes { records { nodes { syncRun { sync { runs { nodes { records { nodes { databaseId } } } } } } } } } } } } }';
  it.each([
    ['directly', DEEP],
    ['through a fragment', '{ syncs { ...S } } fragment S on SyncConnection { nodes { runs { nodes { records { nodes { syncRun { sync { runs { nodes { records { nodes { databaseId } } } } } } } } } } } }'],
    ['through an inline fragment', '{ syncs { nodes { ... on Sync { runs { nodes { records { nodes { syncRun { sync { runs { nodes { records { nodes { databaseId } } } } } } } } } } } } } }'],
    ['through a fragment named __schema', '{ syncs { ...__schema } } fragment __schema on SyncConnection { nodes { runs { nodes { records { nodes { syncRun { sync { runs { nodes { records { nodes { databaseId } } } } } } } } } } } }'],
    ['in an operation named __schema', `query __schema ${DEEP}`],
    ['under an alias named __schema', DEEP.replace('{ syncs', '{ __schema: syncs')],
  ])('refuses a query 13 levels deep %s, with the same code and message', async (_how, query) => {
    const answer = await post({ query });
    expect({ status: answer.status, codes: errorsOf(answer).map((e) => [e.extensions?.code, e.message]) }).toEqual({
      status: 400,
      codes: [['QUERY_TOO_COMPLEX', 'The query nests fields more deeply than the gateway allows.']],
    });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('refuses a deep query even after a shallow one using the same fragment was accepted', async () => {
    const fragment = 'fragment R on SyncRecordConnection { nodes { syncRun { sync { runs { nodes { records { nodes { databaseId } } } } } } } }';
    const shallow = await post({ query: `query ($s: Int!, $r: Int!) { sync(databaseId: $s) { run(databaseId: $r) { records(first: 1) { ...R } } } } ${fragment}`, variables: { s: 1, r: 1 } });
    expect(shallow.status).toBe(200);
    const deep = await post({ query: `{ syncs(first: 1) { nodes { runs(first: 1) { nodes { records(first: 1) { ...R } } } } } } ${fragment}` });
    expect(deep).toMatchObject({ status: 400, body: tooComplex('The query nests fields more deeply than the gateway allows.') });
  });

  it('refuses 100 aliases of one field with different arguments at the first limit breached (root fields, counted first)', async () => {
    const query = `{ ${Array.from({ length: 100 }, (_, i) => `s${i}: sync(databaseId: ${i + 1}) { databaseId }`).join(' ')} }`;
    expect(await post({ query })).toEqual({
      status: 400,
      headers: expect.anything(),
      body: { errors: [{ message: 'The query selects more root fields than the gateway allows.', extensions: { code: 'QUERY_TOO_COMPLEX' } }] },
    });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('runs the same field repeated 20 times (the limit) as one field, with the upstream calls of one', async () => {
    const once = await post({ query: '{ syncs(first: 1) { totalCount } }' });
    expect(once.body?.errors).toBeUndefined();
    const callsForOne = harness.upstream.requests.length;
    harness.upstream.clearLog();
    const answer = await post({ query: `{ syncs(first: 1) { ${'totalCount '.repeat(20)}} }` });
    expect(answer).toEqual({ ...once, headers: expect.anything() });
    expect(harness.upstream.requests).toHaveLength(callsForOne);
  });

  it.each([21, 1000])('refuses the same field repeated %i times before graphql-js compares the pairs, without an upstream call', async (times) => {
    expect(await post({ query: `{ syncs(first: 1) { ${'totalCount '.repeat(times)}} }` })).toMatchObject({
      status: 400,
      body: tooComplex('The query selects one field more often in one selection set than the gateway allows.'),
    });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('refuses the same field repeated 10,000 times at the token limit', async () => {
    expect(await post({ query: `{ syncs(first: 1) { ${'totalCount '.repeat(10_000)}} }` })).toMatchObject({
      status: 400,
      body: tooComplex('The query document has more tokens than the gateway allows.', false),
    });
  });

  it('refuses 60 directives on one field', async () => {
    expect(await post({ query: `{ syncs(first: 1) { ${'totalCount @include(if: true) '.repeat(60)}} }` })).toMatchObject({
      status: 400,
      body: tooComplex('The query uses more directives than the gateway allows.'),
    });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('refuses 21 root fields before parsing, and 21 spread through a fragment once parsed', async () => {
    expect(await post({ query: `{ ${'__typename '.repeat(21)}}` })).toMatchObject({ status: 400, body: tooComplex('The query selects more root fields than the gateway allows.', false) });
    const spread = await post({ query: `{ __typename ...F } fragment F on Query { ${'__typename '.repeat(20)}}` });
    expect(spread).toMatchObject({ status: 400, body: tooComplex('The query selects more root fields than the gateway allows.') });
  });

  const COST_MESSAGE = 'The query could fetch more than the gateway allows; ask for smaller pages with first/last or select fewer nested connections.';
  it('refuses first: 99999999 as a literal and as a variable, before any upstream call', async () => {
    const literal = await post({ query: '{ syncs(first: 99999999) { nodes { databaseId } } }' });
    const variable = await post({ query: 'query ($n: Int) { syncs(first: $n) { nodes { databaseId } } }', variables: { n: 99999999 } });
    expect(literal).toMatchObject({ status: 400, body: tooComplex(COST_MESSAGE) });
    expect(variable).toMatchObject({ status: 400, body: tooComplex(COST_MESSAGE) });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('refuses page sizes that are each allowed but multiply past the cost limit', async () => {
    const query = 'query ($n: Int) { syncs(first: $n) { nodes { runs(first: $n) { nodes { databaseId } } } } }';
    expect(await post({ query, variables: { n: 100 } })).toMatchObject({ status: 400, body: tooComplex(COST_MESSAGE) });
    expect(harness.upstream.requests).toHaveLength(0);
    // The same query with smaller pages runs.
    expect(await post({ query, variables: { n: 2 } })).toMatchObject({ status: 200, body: { data: { syncs: { nodes: expect.any(Array) } } } });
  });

  it('answers first: -1 with BAD_USER_INPUT, and first with last as the spec does', async () => {
    expect((await post({ query: '{ syncs(first: -1) { totalCount } }' })).body).toEqual({
      data: null,
      errors: [{ message: 'Argument "first" must be between 0 and 100, got -1.', locations: [{ line: 1, column: 3 }], path: ['syncs'], extensions: { code: 'BAD_USER_INPUT' } }],
    });
    const both = await post<{ syncs: { nodes: unknown[] } }>({ query: '{ syncs(first: 5, last: 2) { nodes { databaseId } } }' });
    expect(dataOf(both).syncs.nodes).toHaveLength(2);
  });

  it('refuses cyclic fragments with a validation error', async () => {
    expect(await post({ query: '{ syncs { ...A } } fragment A on SyncConnection { totalCount ...B } fragment B on SyncConnection { ...A }' })).toMatchObject({
      status: 400,
      body: {
        errors: [
          {
            message: 'Cannot spread fragment "A" within itself via "B".',
            locations: [
              { line: 1, column: 62 },
              { line: 1, column: 100 },
            ],
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          },
        ],
      },
    });
  });

  it('refuses introspection', async () => {
    const answer = await post({ query: '{ __schema { types { fields { type { fields { type { name } } } } } } }' });
    expect(answer.status).toBe(400);
    expect(errorsOf(answer).map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});

describe('schema details', () => {
  const queries: Array<[string, unknown]> = [
    ['a misspelled field', { query: '{ syncz { totalCount } }' }],
    ['a misspelled enum value', { query: '{ sync(databaseId: 1) { runs(status: FAILD) { totalCount } } }' }],
    ['a misspelled enum value in a variable', { query: 'query ($s: SyncRunStatus) { sync(databaseId: 1) { runs(status: $s) { totalCount } } }', variables: { s: 'FAILD' } }],
    ['a misspelled input field in a variable', { query: 'mutation ($i: SetSyncEnabledInput!) { setSyncEnabled(input: $i) { clientMutationId } }', variables: { i: { syncDatabaseId: 1, enabeld: true } } }],
  ];

  it.each(queries)('never suggests names for %s when introspection is off', async (_what, body) => {
    const answer = await post(body);
    expect(errorsOf(answer).length).toBeGreaterThan(0);
    expect(JSON.stringify(answer.body)).not.toMatch(/did you mean/i);
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it.each(queries)('suggests names for %s when introspection is on (the control case)', async (_what, body) => {
    const answer = await post(body, {}, open);
    expect(JSON.stringify(answer.body)).toMatch(/Did you mean/);
  });

  it('shows the thresholds when introspection is on', async () => {
    expect((await post({ query: `{ ${'__typename '.repeat(21)}}` }, {}, open)).body).toEqual(tooComplex('The query selects 21 root fields; the gateway allows at most 20.', false));
    expect((await post({ query: '{ syncs(first: 99999) { nodes { databaseId } } }' }, {}, open)).body).toEqual(
      tooComplex('The query could fetch too much: its estimated cost is 100000 and the gateway allows at most 10000; ask for smaller pages with first/last.'),
    );
  });
});

describe('prototype keys', () => {
  it('answers aliases and variables named __proto__, constructor and prototype normally, leaving Object.prototype untouched', async () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const answer = await post<{ __proto__: { prototype: object[] } }>(
      '{"query": "query ($__proto__: Int, $constructor: Int) { __proto__: syncs(first: $__proto__) { constructor: totalCount prototype: nodes { __proto__: databaseId } } c: syncs(first: $constructor) { totalCount } }",' +
        ' "variables": {"__proto__": 1, "constructor": 1}}',
    );
    expect(answer.status).toBe(200);
    expect(answer.body?.errors).toBeUndefined();
    const data = dataOf(answer);
    expect(Object.hasOwn(data, '__proto__')).toBe(true);
    const syncs = data['__proto__'];
    expect(syncs.prototype).toHaveLength(1);
    expect(Object.hasOwn(firstOf(syncs.prototype), '__proto__')).toBe(true);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).databaseId).toBeUndefined();
    expect(({} as Record<string, unknown>).totalCount).toBeUndefined();
  });
});

describe('introspection and stack traces follow the configuration, not NODE_ENV', () => {
  async function withNodeEnv<T>(nodeEnv: string, run: () => Promise<T>): Promise<T> {
    const saved = process.env.NODE_ENV;
    process.env.NODE_ENV = nodeEnv;
    try {
      return await run();
    } finally {
      process.env.NODE_ENV = saved;
    }
  }

  it('allows introspection in NODE_ENV=production when INTROSPECTION=true', async () => {
    const gateway = await withNodeEnv('production', () => startHarness({ env: { INTROSPECTION: 'true' }, upstream: harness.upstream }));
    try {
      expect((await post({ query: '{ __type(name: "Sync") { name } }' }, {}, gateway)).body).toEqual({ data: { __type: { name: 'Sync' } } });
    } finally {
      await gateway.close();
    }
  });

  it('refuses introspection and sends no stack trace in NODE_ENV=development when INTROSPECTION=false', async () => {
    const gateway = await withNodeEnv('development', () => startHarness({ env: { INTROSPECTION: 'false' }, upstream: harness.upstream }));
    try {
      const introspection = await post({ query: '{ __type(name: "Sync") { name } }' }, {}, gateway);
      expect(introspection.status).toBe(400);
      expect(errorsOf(introspection).map((e) => e.extensions)).toEqual([{ code: 'GRAPHQL_VALIDATION_FAILED', validationErrorCode: 'INTROSPECTION_DISABLED' }]);
      const failures = await Promise.all([
        post('{"query": "{ syncs( }"}', {}, gateway),
        post({ query: '{ sync(databaseId: -1) { databaseId } }' }, {}, gateway),
        post({ query: '{ syncs { totalCount } }' }, { authorization: 'Bearer not-a-known-token' }, gateway),
        post({ query: 'query A { __typename } query B { __typename }' }, {}, gateway),
        post({ query: `{ ${'__typename '.repeat(21)}}` }, {}, gateway),
      ]);
      const extensions = failures.flatMap((answer) => errorsOf(answer).map((e) => e.extensions));
      expect(extensions).toEqual([
        { code: 'GRAPHQL_PARSE_FAILED' },
        { code: 'BAD_USER_INPUT' },
        { code: 'UNAUTHENTICATED' },
        { code: 'OPERATION_RESOLUTION_FAILURE' },
        { code: 'QUERY_TOO_COMPLEX' },
      ]);
    } finally {
      await gateway.close();
    }
  });
});

describe('every answer of this suite', () => {
  it('carries no stack trace', () => {
    expect(bodies.length).toBeGreaterThan(40);
    for (const body of bodies) {
      expect(body).not.toMatch(/stacktrace|\bat .+\.[jt]s:\d+/);
    }
  });
});
