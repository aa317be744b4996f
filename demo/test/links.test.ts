/** Pagination and ordering over real HTTP (docs/upstream-contract.md §3). */
import { startDemoUpstream, type DemoUpstream } from '../src/server';
import type { ConnectorResource, ErrorListBody, JsonApiResource, ListBody, ModelResource, SyncRecordResource, SyncResource, SyncRunResource } from '../src/wire';
import { call, getList, pageOf } from './demoClient';

let upstream: DemoUpstream;
let api: string;

beforeAll(async () => {
  upstream = await startDemoUpstream();
  api = `${upstream.url}/api/v1`;
});
afterAll(() => upstream.close());

describe('pagination links', () => {
  it('uses per_page 10 by default, a bare "?" self link and the Host header as base', async () => {
    const { status, body } = await getList<SyncResource>(upstream.url, '/api/v1/syncs');
    expect(status).toBe(200);
    expect(body.data).toHaveLength(10);
    expect(body.links).toEqual({
      self: `${api}/syncs?`,
      first: `${api}/syncs?page=1&per_page=10`,
      prev: null,
      next: `${api}/syncs?page=2&per_page=10`,
      last: `${api}/syncs?page=4&per_page=10`,
    });
  });

  it('keeps filters, sorts keys and echoes the raw query in self', async () => {
    const { body } = await getList<SyncRunResource>(upstream.url, '/api/v1/syncs/1/sync_runs?status=success&per_page=3&page=2');
    const base = `${api}/syncs/1/sync_runs`;
    const total = upstream.store.listRuns(1, 'success').length;
    expect(body.links).toEqual({
      self: `${base}?page=2&per_page=3&status=success`,
      first: `${base}?page=1&per_page=3&status=success`,
      prev: `${base}?page=1&per_page=3&status=success`,
      next: `${base}?page=3&per_page=3&status=success`,
      last: `${base}?page=${Math.ceil(total / 3)}&per_page=3&status=success`,
    });
    expect(body.data.map((run) => run.attributes.status)).toEqual(['success', 'success', 'success']);
  });

  it('serves page 0 and negative pages as page 1 but keeps them in self', async () => {
    const { body } = await getList<SyncResource>(upstream.url, '/api/v1/syncs?page=0&per_page=5');
    const first = await getList<SyncResource>(upstream.url, '/api/v1/syncs?per_page=5');
    expect(body.data).toEqual(first.body.data);
    expect(body.links.self).toBe(`${api}/syncs?page=0&per_page=5`);
    expect(body.links.prev).toBeNull();
    expect(pageOf(body.links.next)).toBe(2);
    expect((await getList<SyncResource>(upstream.url, '/api/v1/syncs?page=-3')).body.links.prev).toBeNull();
  });

  it('falls back to 10 for negative or non-numeric per_page', async () => {
    for (const perPage of ['-4', 'lots', '']) {
      const { status, body } = await getList<SyncResource>(upstream.url, `/api/v1/syncs?per_page=${perPage}`);
      expect(status).toBe(200);
      expect(body.data).toHaveLength(10);
      expect(body.links.first).toBe(`${api}/syncs?page=1&per_page=10`);
    }
  });

  it('answers per_page=0 with the catch-all 400 envelope', async () => {
    const { status, body } = await call<ErrorListBody>(upstream.url, '/api/v1/syncs/1/sync_runs/1025/sync_records?per_page=0');
    expect(status).toBe(400);
    expect(body).toEqual({
      errors: [
        {
          status: 400,
          title: 'Bad Request',
          detail: 'There was a problem with the request format: divided by 0',
          source: { pointer: '/request/payload' },
        },
      ],
    });
  });

  it('answers a page beyond the last with empty data, prev = page-1 and next = page+1', async () => {
    const { status, body } = await getList<SyncRecordResource>(upstream.url, '/api/v1/syncs/1/sync_runs/1025/sync_records?page=50&per_page=100');
    expect(status).toBe(200);
    expect(body.data).toEqual([]);
    expect([pageOf(body.links.prev), pageOf(body.links.next), pageOf(body.links.last)]).toEqual([49, 51, 5]);
  });

  it('gives an empty list first = last = page 1 and no prev/next', async () => {
    const { body } = await getList<SyncRunResource>(upstream.url, '/api/v1/syncs/8/sync_runs');
    expect(body).toEqual({
      data: [],
      links: {
        self: `${api}/syncs/8/sync_runs?`,
        first: `${api}/syncs/8/sync_runs?page=1&per_page=10`,
        prev: null,
        next: null,
        last: `${api}/syncs/8/sync_runs?page=1&per_page=10`,
      },
    });
  });

  it('has no maximum per_page', async () => {
    const { body } = await getList<SyncRecordResource>(upstream.url, '/api/v1/syncs/1/sync_runs/1025/sync_records?per_page=1000');
    expect(body.data).toHaveLength(420);
    expect(body.links.next).toBeNull();
    expect(pageOf(body.links.last)).toBe(1);
  });

  it('treats a non-numeric connectors page as page 1 (no page contract there)', async () => {
    const { status, body } = await getList<ConnectorResource>(upstream.url, '/api/v1/connectors?page=abc&type=SOURCE');
    expect(status).toBe(200);
    expect(body.links.self).toBe(`${api}/connectors?page=abc&type=SOURCE`);
    expect(body.links.first).toBe(`${api}/connectors?page=1&per_page=10&type=SOURCE`);
    expect(body.data.every((connector) => connector.attributes.connector_type === 'source')).toBe(true);
  });

  it('escapes filter values like Rails (comma as %2C)', async () => {
    const { body } = await getList<ModelResource>(upstream.url, '/api/v1/models?query_type=raw_sql,dbt');
    expect(body.links.first).toBe(`${api}/models?page=1&per_page=10&query_type=raw_sql%2Cdbt`);
    expect(new Set(body.data.map((model) => model.attributes.query_type))).toEqual(new Set(['raw_sql', 'dbt']));
  });
});

describe('ordering', () => {
  const ids = (body: ListBody<JsonApiResource>): number[] => body.data.map((resource) => Number(resource.id));

  it('lists syncs by updated_at descending, paging through the store order', async () => {
    const expected = upstream.store.listSyncs(1).map((sync) => sync.id);
    const pages = await Promise.all([1, 2, 3, 4].map((page) => getList<SyncResource>(upstream.url, `/api/v1/syncs?page=${page}`)));
    expect(pages.flatMap((page) => ids(page.body))).toEqual(expected);
    const updated = pages.flatMap((page) => page.body.data.map((sync) => sync.attributes.updated_at));
    expect(updated).toEqual([...updated].sort().reverse());
  });

  it('lists runs by updated_at descending and records by created_at ascending', async () => {
    const runs = await getList<SyncRunResource>(upstream.url, '/api/v1/syncs/6/sync_runs?per_page=25');
    expect(ids(runs.body)).toEqual(upstream.store.listRuns(6).map((run) => run.id));
    const updated = runs.body.data.map((run) => run.attributes.updated_at);
    expect(updated).toEqual([...updated].sort().reverse());

    const records = await getList<SyncRecordResource>(upstream.url, '/api/v1/syncs/6/sync_runs/1093/sync_records?per_page=600');
    expect(ids(records.body)).toEqual(upstream.store.listRecords(1093).map((record) => record.id));
    const created = records.body.data.map((record) => record.attributes.created_at);
    expect(created).toEqual([...created].sort());
  });

  it('lists connectors and models by updated_at descending', async () => {
    const connectors = await getList<ConnectorResource>(upstream.url, '/api/v1/connectors?per_page=50');
    expect(ids(connectors.body)).toEqual(upstream.store.listConnectors(1).map((connector) => connector.id));
    const models = await getList<ModelResource>(upstream.url, '/api/v1/models?per_page=50');
    expect(ids(models.body)).toEqual(upstream.store.listModels(1).map((model) => model.id));
  });

  it('filters records by status and connectors by category and sub_category', async () => {
    const failed = await getList<SyncRecordResource>(upstream.url, '/api/v1/syncs/1/sync_runs/1025/sync_records?status=failed&per_page=100');
    expect(ids(failed.body)).toEqual(upstream.store.listRecords(1025, 'failed').map((record) => record.id));
    const vectors = await getList<ConnectorResource>(upstream.url, '/api/v1/connectors?category=ai_ml&sub_category=vector');
    expect(vectors.body.data.map((connector) => connector.attributes.connector_name).sort()).toEqual(['Pinecone', 'PineconeDB']);
    expect(vectors.body.links.first).toBe(`${api}/connectors?category=ai_ml&page=1&per_page=10&sub_category=vector`);
  });
});
