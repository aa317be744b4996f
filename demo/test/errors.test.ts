/** Authentication, workspace scoping, permissions and every error envelope (docs/upstream-contract.md §4). */
import forbiddenSample from '../../test/fixtures/upstream-samples/error-403-forbidden.json';
import invalidParamsSample from '../../test/fixtures/upstream-samples/error-400-invalid-params.json';
import missingWorkspaceSample from '../../test/fixtures/upstream-samples/error-400-missing-workspace.json';
import runNotFoundSample from '../../test/fixtures/upstream-samples/error-404-sync-run-not-found.json';
import unauthorizedSample from '../../test/fixtures/upstream-samples/error-401.json';
import { DEMO_TOKEN, OTHER_TOKEN, OTHER_WORKSPACE_ID, VIEWER_NO_RECORDS_TOKEN } from '../src/credentials';
import { startDemoUpstream, type DemoUpstream } from '../src/server';
import type { ErrorListBody, PlainErrorBody, SyncResource, UnpagedListBody, WorkspaceResource } from '../src/wire';
import { call, getList } from './demoClient';

let upstream: DemoUpstream;
beforeAll(async () => {
  upstream = await startDemoUpstream();
});
afterAll(() => upstream.close());

const get = (path: string, headers?: Record<string, string>) => call(upstream.url, path, { headers });
const asUser = (token: string, workspaceId?: string) => ({
  authorization: `Bearer ${token}`,
  ...(workspaceId === undefined ? {} : { 'workspace-id': workspaceId }),
});
const renderError = (status: number, detail: string) => ({ errors: [{ status, title: 'Error', detail }] });

describe('authentication', () => {
  it.each([
    ['no Authorization header', {}],
    ['an unknown token', asUser('not-a-real-token', '1')],
    ['a non-Bearer scheme', { authorization: `Basic ${DEMO_TOKEN}`, 'workspace-id': '1' }],
  ])('answers 401 for %s', async (_, headers) => {
    const response = await get('/api/v1/syncs', headers);
    expect(response.status).toBe(401);
    expect(response.body).toEqual(unauthorizedSample);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('checks the token before the workspace and the parameters', async () => {
    expect((await get('/api/v1/syncs/abc', {})).status).toBe(401);
  });
});

describe('workspace header', () => {
  it.each([
    ['missing', asUser(DEMO_TOKEN)],
    ['not an integer', asUser(DEMO_TOKEN, '1abc')],
    ['unknown', asUser(DEMO_TOKEN, '99')],
    ["another user's workspace", asUser(DEMO_TOKEN, String(OTHER_WORKSPACE_ID))],
  ])('answers 400 envelope C when %s', async (_, headers) => {
    const response = await get('/api/v1/syncs/1/sync_runs', headers);
    expect(response.status).toBe(400);
    expect(response.body).toEqual(missingWorkspaceSample);
  });

  it('scopes data strictly to the workspace', async () => {
    const other = asUser(OTHER_TOKEN, String(OTHER_WORKSPACE_ID));
    const syncs = await getList<SyncResource>(upstream.url, '/api/v1/syncs?per_page=100', other);
    expect(syncs.body.data.map((sync) => Number(sync.id))).toEqual(upstream.store.listSyncs(3).map((sync) => sync.id));
    expect(syncs.body.data.every((sync) => sync.attributes.source?.workspace_id === 3)).toBe(true);
    // Workspace 1's sync 1 does not exist from workspace 3 (nor workspace 2 for the same user).
    expect((await get('/api/v1/syncs/1/sync_runs', other)).body).toEqual(renderError(404, 'Sync not found'));
    expect((await get('/api/v1/syncs/1', asUser(DEMO_TOKEN, '2'))).status).toBe(404);
    expect((await get('/api/v1/connectors/201', other)).body).toEqual(renderError(404, 'Connector not found'));
    const ws2 = await getList<SyncResource>(upstream.url, '/api/v1/syncs?per_page=100', asUser(DEMO_TOKEN, '2'));
    expect(ws2.body.data).toHaveLength(14);
  });

  it('lists the caller workspaces without needing the header', async () => {
    const demo = await call<UnpagedListBody<WorkspaceResource>>(upstream.url, '/api/v1/workspaces', { headers: asUser(DEMO_TOKEN) });
    expect(demo.status).toBe(200);
    expect(demo.body.data.map((workspace) => [workspace.id, workspace.type, workspace.attributes.name])).toEqual([
      ['1', 'workspaces', 'Acme Marketing'],
      ['2', 'workspaces', 'Acme Sales Ops'],
    ]);
    expect(demo.body).not.toHaveProperty('links');
    const other = await call<UnpagedListBody<WorkspaceResource>>(upstream.url, '/api/v1/workspaces', { headers: asUser(OTHER_TOKEN) });
    expect(other.body.data.map((workspace) => workspace.id)).toEqual(['3']);
  });
});

describe('permissions', () => {
  const viewer = asUser(VIEWER_NO_RECORDS_TOKEN, '1');

  it('answers 403 on sync records for a role without read on sync_record', async () => {
    const response = await get('/api/v1/syncs/1/sync_runs/1025/sync_records', viewer);
    expect(response.status).toBe(403);
    expect(response.body).toEqual(forbiddenSample);
  });

  it('lets that role read syncs and runs but change nothing', async () => {
    expect((await get('/api/v1/syncs', viewer)).status).toBe(200);
    expect((await get('/api/v1/syncs/1/sync_runs/1025', viewer)).status).toBe(200);
    const enable = await call(upstream.url, '/api/v1/syncs/4/enable', { method: 'PATCH', headers: viewer, body: { enable: true } });
    expect(enable.status).toBe(403);
  });

  it('reports a missing run before the permission', async () => {
    expect((await get('/api/v1/syncs/1/sync_runs/999999/sync_records', viewer)).status).toBe(404);
  });
});

describe('not found', () => {
  it.each([
    ['/api/v1/syncs/999/sync_runs', renderError(404, 'Sync not found')],
    ['/api/v1/syncs/999/sync_runs/1025', renderError(404, 'Sync not found')],
    ['/api/v1/syncs/1/sync_runs/999999', renderError(404, 'Sync Run not found')],
    ['/api/v1/syncs/2/sync_runs/1025', renderError(404, 'Sync Run not found')],
    ['/api/v1/syncs/999/sync_runs/1025/sync_records', renderError(404, 'Sync not found')],
    ['/api/v1/syncs/1/sync_runs/999999/sync_records', runNotFoundSample],
    ['/api/v1/connectors/999', renderError(404, 'Connector not found')],
    [
      '/api/v1/syncs/999',
      { error: `Couldn't find Sync with 'id'=999 [WHERE "syncs"."discarded_at" IS NULL AND "syncs"."workspace_id" = $1]` },
    ],
    ['/api/v1/models/999', { error: `Couldn't find Model with 'id'=999 [WHERE "models"."workspace_id" = $1]` }],
  ])('GET %s answers 404', async (path, body) => {
    const response = await get(path);
    expect(response.status).toBe(404);
    expect(response.body).toEqual(body);
  });

  it('answers an unknown route or method with 404 before authentication', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/nope'],
      ['GET', '/api/v2/syncs'],
      ['POST', '/api/v1/syncs/1/sync_runs'],
    ]) {
      const response = await call(upstream.url, path as string, { method, headers: {} });
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ status: 404, error: 'Not Found' });
    }
  });

  it('answers 404 on schedule routes for a missing sync', async () => {
    const schedule = await call(upstream.url, '/api/v1/schedule_syncs', { method: 'POST', body: { schedule_sync: { sync_id: 999 } } });
    expect(schedule.body).toEqual(renderError(404, 'Sync not found'));
    const cancel = await call(upstream.url, '/api/v1/schedule_syncs/999', { method: 'DELETE' });
    expect(cancel.body).toEqual(renderError(404, 'Sync not found'));
  });
});

describe('parameter contracts (envelope B)', () => {
  it.each([
    ['/api/v1/syncs?page=oi', invalidParamsSample],
    ['/api/v1/models?page=oi', invalidParamsSample],
    ['/api/v1/syncs/1/sync_runs?page=oi', invalidParamsSample],
    ['/api/v1/syncs/1/sync_runs/1025/sync_records?page=1.5', invalidParamsSample],
    ['/api/v1/syncs/1/sync_runs?status=done', { errors: { status: ['must be a valid status'] } }],
    ['/api/v1/syncs/1/sync_runs/1025/sync_records?status=in_progress', { errors: { status: ['must be a valid status'] } }],
    ['/api/v1/syncs/abc', { errors: { id: ['must be an integer'] } }],
    ['/api/v1/models/abc', { errors: { id: ['must be an integer'] } }],
    ['/api/v1/connectors/abc', { errors: { id: ['must be an integer'] } }],
    ['/api/v1/syncs/abc/sync_runs', { errors: { sync_id: ['must be an integer'] } }],
    ['/api/v1/syncs/1/sync_runs/x', { errors: { id: ['must be an integer'] } }],
    ['/api/v1/syncs/1/sync_runs/x/sync_records', { errors: { sync_run_id: ['must be an integer'] } }],
    ['/api/v1/connectors?type=warehouse', { errors: { type: ['invalid type'] } }],
  ])('GET %s answers 400', async (path, body) => {
    const response = await get(path);
    expect(response.status).toBe(400);
    expect(response.body).toEqual(body);
  });

  it('validates parameters before resolving the workspace', async () => {
    const response = await get('/api/v1/syncs?page=oi', asUser(DEMO_TOKEN));
    expect(response.body).toEqual(invalidParamsSample);
  });

  it('reports every failing parameter, schema checks first', async () => {
    const response = await get('/api/v1/syncs/x/sync_runs?page=y&status=z');
    expect(response.body).toEqual({
      errors: { sync_id: ['must be an integer'], page: ['must be an integer'], status: ['must be a valid status'] },
    });
  });

  it('answers an unknown connector category with the catch-all envelope', async () => {
    const response = await call<ErrorListBody>(upstream.url, '/api/v1/connectors?category=warehouse');
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ status: 400, title: 'Bad Request', source: { pointer: '/request/payload' } });
  });

  // The body fails in Rails' parameter parsing, outside the action's rescue (docs/upstream-contract.md
  // §4.2, envelope E); the demo used to answer envelope C here.
  it("answers a body that is not JSON with Rails' own 400: JSON for a JSON Accept, else no body", async () => {
    const headers = { authorization: `Bearer ${DEMO_TOKEN}`, 'workspace-id': '1', 'content-type': 'application/json' };
    const post = (accept: Record<string, string>) => call<PlainErrorBody>(upstream.url, '/api/v1/schedule_syncs', { method: 'POST', headers: { ...headers, ...accept }, rawBody: '{"schedule_sync":' });
    const json = await post({ accept: 'application/json' });
    expect({ status: json.status, body: json.body, type: json.headers.get('content-type') }).toEqual({
      status: 400,
      body: { status: 400, error: 'Bad Request' },
      type: 'application/json; charset=utf-8',
    });
    const bare = await post({});
    expect({ status: bare.status, body: bare.body, length: bare.headers.get('content-length') }).toEqual({ status: 400, body: undefined, length: '0' });
  });

  it('validates the schedule body', async () => {
    const post = (body: unknown) => call(upstream.url, '/api/v1/schedule_syncs', { method: 'POST', body });
    expect((await post({})).body).toEqual({ errors: { schedule_sync: ['is missing'] } });
    expect((await post({ schedule_sync: {} })).body).toEqual({ errors: { schedule_sync: { sync_id: ['is missing'] } } });
    expect((await post({ schedule_sync: { sync_id: 'two' } })).body).toEqual({
      errors: { schedule_sync: { sync_id: ['must be an integer'] } },
    });
  });
});
