/**
 * The corners of the real server the gateway must cope with (docs/upstream-contract.md §1, §2, §4.2, §8):
 * secrets served in clear text by the open-source build and masked by a hosted one, a hosted build's sync
 * `name`, EULA refusal and workspace-error suffix, icon URLs, a viewer refused on every write, failed
 * records without logs, and the answers a test injects for requests a client never sends malformed.
 */
import missingWorkspaceSample from '../../test/fixtures/upstream-samples/error-400-missing-workspace.json';
import { DEMO_TOKEN, EULA_PENDING_TOKEN, VIEWER_TOKEN } from '../src/credentials';
import { startDemoUpstream, type DemoUpstream } from '../src/server';
import type { ConnectorResource, ErrorListBody, ItemBody, ModelResource, PlainErrorBody, SyncRecordResource, SyncResource } from '../src/wire';
import { call, getItem, getList } from './demoClient';

const MASK = '*************';
const asUser = (token: string, workspaceId = '1') => ({ authorization: `Bearer ${token}`, 'workspace-id': workspaceId });
/** Sync 12 (help-center chunks into a vector store): its model embeds text with an API key. */
const EMBEDDING_SYNC = 12;

describe('the open-source build', () => {
  let upstream: DemoUpstream;
  beforeAll(async () => {
    upstream = await startDemoUpstream();
  });
  afterAll(() => upstream.close());

  it("serves a sync's and its model's embedding API keys in clear text, and no sync name", async () => {
    const { body } = await getItem<SyncResource>(upstream.url, `/api/v1/syncs/${EMBEDDING_SYNC}`);
    const configuration = body.data.attributes.configuration;
    expect(Array.isArray(configuration) && configuration.at(-1)).toEqual({
      from: 'chunk',
      to: 'embedding',
      mapping_type: 'vector',
      embedding_config: { mode: 'open_ai', model: 'text-embedding-3-small', api_key: 'sk-demo-embed-help-center-7c21' },
    });
    expect(body.data.attributes.model?.configuration?.embedding_config).toEqual({ mode: 'open_ai', model: 'text-embedding-3-small', api_key: 'sk-demo-embed-help-center-7c21' });
    expect(body.data.attributes).not.toHaveProperty('name');
    const model = await getItem<ModelResource>(upstream.url, `/api/v1/models/${body.data.attributes.model_id}`);
    expect(model.body.data.attributes.configuration?.embedding_config).toMatchObject({ api_key: 'sk-demo-embed-help-center-7c21' });
  });

  it("builds each connector's icon URL from its definition's folder", async () => {
    const { body } = await getList<ConnectorResource>(upstream.url, '/api/v1/connectors?per_page=100');
    const icons = body.data.map((connector) => connector.attributes.icon);
    expect(icons).toContain('https://raw.githubusercontent.com/Multiwoven/multiwoven/main/integrations/lib/multiwoven/integrations/source/snowflake/icon.svg');
    for (const icon of icons) expect(icon).toMatch(/^https:\/\/raw\.githubusercontent\.com\/Multiwoven\/multiwoven\/main\/integrations\/.+\/icon\.svg$/);
  });

  it('refuses a viewer every write, each with 403 envelope A, and lets them read records', async () => {
    const viewer = asUser(VIEWER_TOKEN);
    const writes = [
      await call(upstream.url, '/api/v1/schedule_syncs', { method: 'POST', headers: viewer, rawBody: JSON.stringify({ schedule_sync: { sync_id: 2 } }) }),
      await call(upstream.url, '/api/v1/schedule_syncs/3', { method: 'DELETE', headers: viewer }),
      await call(upstream.url, '/api/v1/syncs/4/enable', { method: 'PATCH', headers: viewer, rawBody: JSON.stringify({ enable: true }) }),
    ];
    const forbidden = { status: 403, body: { errors: [{ status: 403, title: 'Error', detail: 'You are not authorized to do this action' }] } };
    expect(writes.map(({ status, body }) => ({ status, body }))).toEqual([forbidden, forbidden, forbidden]);
    expect((await call(upstream.url, '/api/v1/syncs/1/sync_runs/1025/sync_records', { headers: viewer })).status).toBe(200);
  });

  it('serves the failed records of a batch-loading sync (sync 5) without logs', async () => {
    const runs = upstream.store.listRuns(5).filter((run) => run.status === 'failed');
    const failed = runs.flatMap((run) => upstream.store.listRecords(run.id, 'failed'));
    expect(failed.length).toBeGreaterThan(0);
    const run = runs.find((candidate) => upstream.store.listRecords(candidate.id, 'failed').length > 0);
    const { body } = await getList<SyncRecordResource>(upstream.url, `/api/v1/syncs/5/sync_runs/${run?.id}/sync_records?status=failed&per_page=1`);
    expect(body.data[0]?.attributes).toMatchObject({ status: 'failed', logs: null });
  });

  it('serves a user who has not accepted the EULA like any other', async () => {
    expect((await call(upstream.url, '/api/v1/syncs', { headers: asUser(EULA_PENDING_TOKEN) })).status).toBe(200);
  });
});

describe('a hosted build', () => {
  let upstream: DemoUpstream;
  beforeAll(async () => {
    upstream = await startDemoUpstream({ build: 'hosted' });
  });
  afterAll(() => upstream.close());

  it("adds the sync's name and masks sync and model configurations", async () => {
    const { body } = await getItem<SyncResource>(upstream.url, `/api/v1/syncs/${EMBEDDING_SYNC}`);
    const sync = upstream.store.getSync(EMBEDDING_SYNC);
    expect(body.data.attributes.name).toBe(sync?.name);
    const configuration = body.data.attributes.configuration;
    expect(Array.isArray(configuration) && configuration.at(-1)?.embedding_config).toEqual({ mode: 'open_ai', model: 'text-embedding-3-small', api_key: MASK });
    expect(body.data.attributes.model?.configuration?.embedding_config).toMatchObject({ api_key: MASK });
    const model = await getItem<ModelResource>(upstream.url, `/api/v1/models/${body.data.attributes.model_id}`);
    expect(model.body.data.attributes.configuration?.embedding_config).toMatchObject({ api_key: MASK });
  });

  it('refuses every call of a user who has not accepted the EULA with 403 envelope A', async () => {
    for (const path of ['/api/v1/syncs', '/api/v1/workspaces', '/api/v1/syncs/1/sync_runs']) {
      const response = await call<ErrorListBody>(upstream.url, path, { headers: asUser(EULA_PENDING_TOKEN) });
      expect({ path, status: response.status, body: response.body }).toEqual({
        path,
        status: 403,
        body: { errors: [{ status: 403, title: 'Error', detail: 'You must accept the EULA before accessing the API.' }] },
      });
    }
  });

  it('appends the workspace id to the workspace-not-found detail', async () => {
    const response = await call<ErrorListBody>(upstream.url, '/api/v1/syncs', { headers: asUser(DEMO_TOKEN, '99') });
    const expected = missingWorkspaceSample.errors.map((error) => ({ ...error, detail: `${error.detail}: workspace_id=99` }));
    expect({ status: response.status, body: response.body }).toEqual({ status: 400, body: { errors: expected } });
  });
});

describe('answers injected for requests a client never sends malformed', () => {
  let upstream: DemoUpstream;
  beforeEach(async () => {
    upstream = await startDemoUpstream();
  });
  afterEach(() => upstream.close());

  it('answers the next matching request as Rails answers a body that is not JSON, then normally again', async () => {
    upstream.answerNext({ kind: 'unparsable-body' }, { match: (request) => request.method === 'PATCH' });
    const enable = () => call<PlainErrorBody>(upstream.url, '/api/v1/syncs/4/enable', { method: 'PATCH', headers: { ...asUser(DEMO_TOKEN), accept: 'application/json' }, rawBody: '{"enable":true}' });
    expect((await call(upstream.url, '/api/v1/syncs/4')).status).toBe(200);
    const first = await enable();
    expect({ status: first.status, body: first.body }).toEqual({ status: 400, body: { status: 400, error: 'Bad Request' } });
    expect(upstream.store.getSync(4)?.status).toBe('disabled');
    const second = await call<ItemBody<SyncResource>>(upstream.url, '/api/v1/syncs/4/enable', { method: 'PATCH', body: { enable: true } });
    expect(second.body.data.attributes.status).toBe('pending');
    expect(upstream.requests.map((entry) => entry.status)).toEqual([200, 400, 200]);
  });

  it("answers a missing root parameter with 422 and the parameter's name, as many times as asked", async () => {
    upstream.answerNext({ kind: 'parameter-missing', parameter: 'sync' }, { times: 2 });
    const answers = [await call(upstream.url, '/api/v1/syncs/1'), await call(upstream.url, '/api/v1/syncs/2'), await call(upstream.url, '/api/v1/syncs/3')];
    expect(answers.map(({ status }) => status)).toEqual([422, 422, 200]);
    expect(answers[0]?.body).toEqual({ error: 'param is missing or the value is empty: sync' });
  });
});
