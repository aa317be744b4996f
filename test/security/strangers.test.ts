/**
 * Refusals that must cost next to nothing and echo next to nothing: a caller without credentials is
 * refused from the headers alone (only `{ _service { sdl } }` may come anonymously), a document nested
 * deeper than the parser can recurse is refused before parsing, and no error message repeats more than
 * 100 characters of what the client sent. (The CPU each refusal costs is measured by `npm run bench`,
 * never here.)
 */
import { formatError } from '../../src/errors';
import { GraphQLError } from 'graphql';
import { demoHeaders, startHarness, type Harness } from '../support/harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ env: { INTROSPECTION: 'false' } });
});
afterAll(() => harness.close());
beforeEach(() => harness.upstream.clearLog());

async function post(body: string, headers: Record<string, string>): Promise<{ status: number; text: string; body: { errors?: Array<{ message: string; extensions?: { code?: string } }>; data?: unknown } }> {
  const response = await fetch(`${harness.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) };
}

const NO_TOKEN = { errors: [{ message: 'Send an "Authorization: Bearer <token>" header to query the AI Squared API.', extensions: { code: 'UNAUTHENTICATED' } }] };

describe('callers without credentials', () => {
  it('are refused before parsing: a syntax error is never even read', async () => {
    const answer = await post(JSON.stringify({ query: '{ syncs( }' }), { 'workspace-id': '1' });
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 401, body: NO_TOKEN });
  });

  it('are refused for a body that is not even JSON, and for a large body without reading it whole', async () => {
    expect((await post('not json', {})).status).toBe(401);
    const large = await post(JSON.stringify({ query: `{ ${'workspaces { databaseId } '.repeat(1240)}}` }), {});
    expect({ status: large.status, body: large.body }).toEqual({ status: 401, body: NO_TOKEN });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('may ask for the subgraph SDL alone, the way composition tools do, and nothing more', async () => {
    for (const query of ['{ _service { sdl } }', 'query __ApolloGetServiceDefinition__ { _service { sdl } }']) {
      const answer = await post(JSON.stringify({ query }), {});
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual({ _service: { sdl: expect.stringContaining('type Sync') } });
    }
    const more = await post(JSON.stringify({ query: '{ _service { sdl } workspaces { databaseId } }' }), {});
    expect({ status: more.status, body: more.body }).toEqual({ status: 401, body: NO_TOKEN });
    expect(harness.upstream.requests).toHaveLength(0);
  });
});

describe('documents nested deeper than the parser can recurse', () => {
  it.each([
    ['a list literal nested 2,400 deep', `{ sync(databaseId: ${'['.repeat(2400)}1${']'.repeat(2400)}) { databaseId } }`],
    ['selection sets nested 3,000 deep', `${'{ a '.repeat(3000)}${'}'.repeat(3000)}`],
    ['an object literal nested 65 deep', `{ sync(databaseId: 1, x: ${'{a: '.repeat(65)}1${'}'.repeat(65)}) { databaseId } }`],
  ])('refuse %s with QUERY_TOO_COMPLEX before parsing', async (_what, query) => {
    const answer = await post(JSON.stringify({ query }), demoHeaders);
    expect({ status: answer.status, body: answer.body }).toEqual({
      status: 400,
      body: { errors: [{ message: 'The query document nests braces, brackets or parentheses more deeply than the gateway allows.', extensions: { code: 'QUERY_TOO_COMPLEX' } }] },
    });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('turn a parser stack overflow, should one get past the scan, into QUERY_TOO_COMPLEX', () => {
    const overflow = new GraphQLError('Maximum call stack size exceeded', { originalError: new RangeError('Maximum call stack size exceeded') });
    const parseFailure = new GraphQLError(overflow.message, { originalError: overflow, extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    expect(formatError({ message: parseFailure.message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, parseFailure)).toEqual({
      message: 'The query document nests more deeply than the gateway can parse.',
      extensions: { code: 'QUERY_TOO_COMPLEX' },
    });
  });
});

describe('names longer than any schema name', () => {
  it('refuse a 900 KiB field name before parsing (graphql-js would compare it with every field to suggest one), echoing none of it', async () => {
    const answer = await post(JSON.stringify({ query: `{ f${'x'.repeat(900 * 1024)} }` }), demoHeaders);
    expect({ status: answer.status, body: answer.body }).toEqual({
      status: 400,
      body: { errors: [{ message: 'The query uses a name longer than 256 characters.', extensions: { code: 'QUERY_TOO_COMPLEX' } }] },
    });
  });

  it('let a 256-character name through to validation', async () => {
    const name = `f${'x'.repeat(255)}`;
    const answer = await post(JSON.stringify({ query: `{ ${name} }` }), demoHeaders);
    expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});

describe('error messages', () => {
  it('quote at most 100 characters of a 256-character field name', async () => {
    const name = `f${'x'.repeat(255)}`;
    const answer = await post(JSON.stringify({ query: `{ ${name} }` }), demoHeaders);
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      { message: `Cannot query field "${name.slice(0, 100)}…" on type "Query".`, locations: [{ line: 1, column: 3 }], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
    ]);
  });

  it('quote at most 100 characters of a 900 KiB string argument', async () => {
    const value = 'v'.repeat(900 * 1024);
    const answer = await post(JSON.stringify({ query: `{ sync(databaseId: "${value}") { databaseId } }` }), demoHeaders);
    expect(answer.status).toBe(400);
    expect(answer.text.length).toBeLessThan(1000);
    expect(answer.text).not.toContain('v'.repeat(101));
  });

  it('quote at most 100 characters of a long operation name or variable value', async () => {
    const operationName = `Op${'y'.repeat(5000)}`;
    const unknown = await post(JSON.stringify({ query: '{ __typename }', operationName }), demoHeaders);
    expect(unknown.text).not.toContain('y'.repeat(101));
    const value = 'z'.repeat(5000);
    const badVariable = await post(JSON.stringify({ query: 'query ($id: Int!) { sync(databaseId: $id) { databaseId } }', variables: { id: value } }), demoHeaders);
    expect(badVariable.status).toBe(400);
    expect(badVariable.text).not.toContain('z'.repeat(101));
    expect(badVariable.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
