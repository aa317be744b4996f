/**
 * What reaches the upstream (only the caller's Authorization and Workspace-Id) and how upstream
 * refusals reach the client (stable codes, one sentence, siblings keep their data).
 */
import { DEMO_TOKEN, OTHER_WORKSPACE_ID, VIEWER_NO_RECORDS_TOKEN } from '../../demo/src/credentials';
import { demoHeaders, startHarness, type Harness } from '../support/harness';
import { dataOf, errorsOf, firstOf, partialDataOf, type GraphQLErrorBody } from '../support/response';
import { restAll } from '../support/rest';

let harness: Harness;
let syncId: number;
let runId: number;
beforeAll(async () => {
  harness = await startHarness();
  const syncs = await restAll(harness.upstream.url, '/api/v1/syncs');
  for (const sync of syncs) {
    const runs = await restAll(harness.upstream.url, `/api/v1/syncs/${sync.id}/sync_runs`);
    if (runs.length > 0) {
      syncId = Number(sync.id);
      runId = Number(firstOf(runs).id);
      break;
    }
  }
});
afterAll(() => harness.close());
beforeEach(() => harness.upstream.clearLog());

const errorsByPath = (body: { errors?: GraphQLErrorBody[] }) =>
  Object.fromEntries((body.errors ?? []).map((e) => [e.path?.join('.'), { code: e.extensions?.code, message: e.message }]));

describe('header forwarding', () => {
  it('sends the upstream exactly Authorization and Workspace-Id from the caller, whatever else the caller sends', async () => {
    const response = await harness.graphql(`{ syncs(first: 2) { nodes { databaseId } } }`, undefined, {
      ...demoHeaders,
      cookie: 'session=secret-cookie',
      'x-user-id': '1',
      'x-forwarded-for': '10.0.0.1',
      'x-tenant': '3',
      'proxy-authorization': 'Basic Zm9vOmJhcg==',
      'x-api-key': 'leak-me',
    });
    expect(response.body.errors).toBeUndefined();
    expect(harness.upstream.requests).toHaveLength(1);
    const seen = firstOf(harness.upstream.requests).headers;
    expect(Object.keys(seen).sort()).toEqual(['accept', 'authorization', 'connection', 'host', 'workspace-id']);
    expect(seen.authorization).toBe(`Bearer ${DEMO_TOKEN}`);
    expect(seen['workspace-id']).toBe('1');
    expect(seen.accept).toBe('application/json');
  });

  it('refuses a request without a token with 401 UNAUTHENTICATED, before parsing it or calling the upstream', async () => {
    const response = await harness.graphql(`{ syncs(first: 1) { totalCount } }`, undefined, { 'workspace-id': '1' });
    expect({ status: response.status, challenge: response.headers.get('www-authenticate'), body: response.body }).toEqual({
      status: 401,
      challenge: 'Bearer',
      body: { errors: [{ message: 'Send an "Authorization: Bearer <token>" header to query the AI Squared API.', extensions: { code: 'UNAUTHENTICATED' } }] },
    });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('refuses a token that is not of the form "Bearer <token>" the same way', async () => {
    const response = await harness.graphql(`{ syncs(first: 1) { totalCount } }`, undefined, { authorization: 'Basic dXNlcjpwYXNz', 'workspace-id': '1' });
    expect({ status: response.status, body: response.body }).toEqual({
      status: 401,
      body: { errors: [{ message: 'The Authorization header must have the form "Bearer <token>".', extensions: { code: 'UNAUTHENTICATED' } }] },
    });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it.each([
    [{ authorization: `Bearer ${DEMO_TOKEN}`, 'workspace-id': '1; DROP' }, 'BAD_USER_INPUT', 'The Workspace-Id header must be a positive integer.'],
    [{ authorization: `Bearer ${DEMO_TOKEN}` }, 'BAD_USER_INPUT', 'The Workspace-Id header is missing; send the id of one of your workspaces (see Query.workspaces).'],
  ])('rejects malformed or missing credentials %p before any upstream call', async (headers, code, message) => {
    const response = await harness.graphql(`{ sync(databaseId: ${syncId}) { databaseId } }`, undefined, headers as Record<string, string>);
    expect(errorsByPath(response.body)).toEqual({ sync: { code, message } });
    expect(response.body.data).toEqual({ sync: null });
    expect(harness.upstream.requests).toHaveLength(0);
  });
});

describe('upstream refusals', () => {
  it('maps a token the upstream rejects to UNAUTHENTICATED', async () => {
    const response = await harness.graphql(`{ sync(databaseId: ${syncId}) { databaseId } }`, undefined, {
      authorization: 'Bearer not-a-real-token',
      'workspace-id': '1',
    });
    expect(errorsByPath(response.body)).toEqual({
      sync: { code: 'UNAUTHENTICATED', message: 'The AI Squared API rejected the bearer token: it is missing, invalid or expired.' },
    });
    expect(harness.upstream.requests.map((r) => r.status)).toEqual([401]);
  });

  it('maps a workspace the caller does not belong to to BAD_USER_INPUT naming the Workspace-Id header', async () => {
    const response = await harness.graphql(`{ syncs(first: 1) { totalCount } }`, undefined, { ...demoHeaders, 'workspace-id': String(OTHER_WORKSPACE_ID) });
    expect(errorsByPath(response.body)).toEqual({
      syncs: { code: 'BAD_USER_INPUT', message: 'The Workspace-Id header is missing or names a workspace you cannot access.' },
    });
  });

  it('answers null for a sync or run that does not exist, without an error', async () => {
    const response = await harness.graphql(`{ missing: sync(databaseId: 987654) { databaseId } present: sync(databaseId: ${syncId}) { databaseId run(databaseId: 987654) { databaseId } } }`);
    expect(response.body).toEqual({ data: { missing: null, present: { databaseId: syncId, run: null } } });
  });

  it('maps a role without permission to FORBIDDEN on that field only; sibling fields keep their data', async () => {
    const response = await harness.graphql<{ sync: unknown; syncs: { totalCount: number } }>(
      `{ sync(databaseId: ${syncId}) { databaseId run(databaseId: ${runId}) { databaseId status records(first: 2) { totalCount } } } syncs(first: 1) { totalCount } }`,
      undefined,
      { authorization: `Bearer ${VIEWER_NO_RECORDS_TOKEN}`, 'workspace-id': '1' },
    );
    expect(errorsByPath(response.body)).toEqual({
      'sync.run.records': { code: 'FORBIDDEN', message: 'Your role in this workspace does not allow this action.' },
    });
    expect(partialDataOf(response).sync).toEqual({ databaseId: syncId, run: null });
    expect(partialDataOf(response).syncs.totalCount).toBeGreaterThan(0);
  });

  it('nulls only the list items whose fields failed; the page and its other fields keep their data', async () => {
    const response = await harness.graphql<{ syncs: { totalCount: number; nodes: Array<{ databaseId: number; runs: { totalCount: number; nodes: unknown[] } }> } }>(
      `{ syncs(first: 3) { totalCount nodes { databaseId runs(first: 1) { totalCount nodes { databaseId records(first: 1) { totalCount } } } } } }`,
      undefined,
      { authorization: `Bearer ${VIEWER_NO_RECORDS_TOKEN}`, 'workspace-id': '1' },
    );
    const syncs = partialDataOf(response).syncs;
    expect(syncs.totalCount).toBeGreaterThan(3);
    expect(syncs.nodes).toHaveLength(3);
    for (const sync of syncs.nodes) {
      expect(sync.databaseId).toEqual(expect.any(Number));
      // The run's records are forbidden: that run item is null, its list and the sync survive.
      expect(sync.runs.nodes.every((run) => run === null)).toBe(true);
    }
    const withRuns = syncs.nodes.filter((s) => s.runs.totalCount > 0).length;
    expect(withRuns).toBeGreaterThan(0);
    expect(response.body.errors).toHaveLength(withRuns);
    for (const error of errorsOf(response)) {
      expect(error).toMatchObject({ extensions: { code: 'FORBIDDEN' }, path: ['syncs', 'nodes', expect.any(Number), 'runs', 'nodes', 0, 'records'] });
    }
  });

  it('rejects malformed global ids with BAD_USER_INPUT, slot by slot, without calling the upstream', async () => {
    const good = dataOf(await harness.graphql<{ sync: { id: string } }>(`{ sync(databaseId: ${syncId}) { id } }`)).sync.id;
    harness.upstream.clearLog();
    const response = await harness.graphql(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } node(id: "Li4vLi4vYWRtaW4") { id } }`, {
      ids: [good, 'U3luYzouLi9hZG1pbg', 'not base64 !'],
    });
    expect(response.body.data).toEqual({ nodes: [{ id: good }, null, null], node: null });
    expect(errorsByPath(response.body)).toEqual({
      'nodes.1': { code: 'BAD_USER_INPUT', message: 'Argument "ids[1]" is not a valid global id.' },
      'nodes.2': { code: 'BAD_USER_INPUT', message: 'Argument "ids[2]" is not a valid global id.' },
      node: { code: 'BAD_USER_INPUT', message: 'Argument "id" is not a valid global id.' },
    });
    expect(harness.upstream.requests.map((r) => r.path)).toEqual([`/api/v1/syncs/${syncId}`]);
  });

  it('never puts the upstream URL or the token into a response', async () => {
    const bodies = await Promise.all([
      harness.graphql(`{ syncs(first: 1) { totalCount } }`, undefined, { authorization: 'Bearer wrong-token-123', 'workspace-id': '1' }),
      harness.graphql(`{ syncs(first: 1) { totalCount } }`, undefined, { ...demoHeaders, 'workspace-id': '999' }),
      harness.graphql(`{ sync(databaseId: 0) { databaseId } }`),
    ]);
    const text = JSON.stringify(bodies.map((b) => b.body));
    expect(text).not.toContain(harness.upstream.url);
    expect(text).not.toContain('127.0.0.1');
    expect(text).not.toContain('wrong-token-123');
    expect(text).not.toContain(DEMO_TOKEN);
    expect(text).not.toMatch(/stack|at .*\.ts:\d+/);
    expect(errorsByPath(bodies[2].body)).toEqual({ sync: { code: 'BAD_USER_INPUT', message: 'Argument "databaseId" must be a positive integer, got 0.' } });
  });
});
