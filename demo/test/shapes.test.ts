/**
 * Shape conformance: demo responses have exactly the keys, in the same order, as the upstream samples
 * in test/fixtures/upstream-samples (free-form JSON such as configurations and extracted rows excepted),
 * and the JSON types the contract pins (string ids, integer foreign keys, ISO timestamps).
 */
import connectorsList from '../../test/fixtures/upstream-samples/connectors-list.json';
import recordsBeyondLast from '../../test/fixtures/upstream-samples/sync-records-beyond-last.json';
import recordsPage1 from '../../test/fixtures/upstream-samples/sync-records-page1.json';
import syncRun from '../../test/fixtures/upstream-samples/sync-run.json';
import runsList from '../../test/fixtures/upstream-samples/sync-runs-list.json';
import sync from '../../test/fixtures/upstream-samples/sync.json';
import syncsList from '../../test/fixtures/upstream-samples/syncs-list.json';
import { MASKED_SECRET } from '../src/serialize';
import { startDemoUpstream, type DemoUpstream } from '../src/server';
import type { ModelResource, SyncRecordResource, SyncResource, SyncRunResource } from '../src/wire';
import { call, getItem, getList } from './demoClient';

/** Object keys whose values are free-form JSON: their insides are not part of the shape. */
const FREE_FORM = new Set(['configuration', 'record']);

/** One line per object in the document: its path and its keys in order (arrays contribute their elements). */
function keyLines(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => keyLines(item, `${path}[]`));
  if (typeof value !== 'object' || value === null) return [];
  const entries = Object.entries(value);
  return [
    `${path}: ${entries.map(([key]) => key).join(',')}`,
    ...entries.flatMap(([key, child]) => (FREE_FORM.has(key) ? [] : keyLines(child, `${path}.${key}`))),
  ];
}

const distinct = (lines: string[]) => [...new Set(lines)];

let upstream: DemoUpstream;
beforeAll(async () => {
  upstream = await startDemoUpstream();
});
afterAll(() => upstream.close());

describe('responses have the sample shapes', () => {
  it.each([
    ['syncs-list.json', '/api/v1/syncs?page=1&per_page=2', syncsList],
    ['sync.json', '/api/v1/syncs/1', sync],
    ['sync-runs-list.json', '/api/v1/syncs/1/sync_runs?page=1&per_page=3', runsList],
    ['sync-run.json', '/api/v1/syncs/1/sync_runs/1025', syncRun],
    ['sync-records-page1.json', '/api/v1/syncs/1/sync_runs/1025/sync_records?page=1&per_page=3&status=success', recordsPage1],
    ['sync-records-beyond-last.json', '/api/v1/syncs/1/sync_runs/1025/sync_records?page=999&per_page=3', recordsBeyondLast],
    ['connectors-list.json', '/api/v1/connectors?type=source', connectorsList],
  ])('%s', async (_, path, sample) => {
    const { status, body } = await call(upstream.url, path);
    expect(status).toBe(200);
    expect(distinct(keyLines(body))).toEqual(distinct(keyLines(sample)));
  });
});

describe('value types', () => {
  const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

  it('renders syncs with string ids, integer foreign keys and embedded connectors', async () => {
    const { body } = await getList<SyncResource>(upstream.url, '/api/v1/syncs?per_page=100');
    for (const resource of body.data) {
      const a = resource.attributes;
      expect(typeof resource.id).toBe('string');
      expect([a.source_id, a.destination_id, a.model_id, a.source?.id, a.model?.id, a.model?.connector?.id].every(Number.isInteger)).toBe(true);
      expect([a.created_at, a.updated_at, a.source?.created_at, a.model?.updated_at].every((t) => ISO.test(String(t)))).toBe(true);
      expect(a.source).not.toHaveProperty('configuration');
      expect(a).not.toHaveProperty('name');
      expect(a.source_id).toBe(a.model?.connector?.id);
    }
  });

  it('masks connector secrets everywhere', async () => {
    const model = await getItem<ModelResource>(upstream.url, '/api/v1/models/301');
    expect(model.body.data.attributes.connector?.configuration).toMatchObject({ credentials: { password: MASKED_SECRET } });
    const connectors = await call(upstream.url, '/api/v1/connectors?per_page=100');
    const text = JSON.stringify(connectors.body);
    expect(text).not.toMatch(/s3cret|pass"|sk-demo|pk_demo/);
    expect(text).toContain(MASKED_SECRET);
  });

  it('renders run durations as float seconds and null while running', async () => {
    const { body } = await getList<SyncRunResource>(upstream.url, '/api/v1/syncs/3/sync_runs');
    const [active, ...finished] = body.data.map((run) => run.attributes);
    expect(active).toMatchObject({ status: 'in_progress', finished_at: null, duration: null });
    for (const run of finished) {
      const expected = (Date.parse(String(run.finished_at)) - Date.parse(String(run.started_at))) / 1000;
      if (run.started_at) expect(run.duration).toBeCloseTo(expected, 3);
    }
  });

  it('renders records with logs or null and never an error attribute', async () => {
    const pending = await getList<SyncRecordResource>(upstream.url, '/api/v1/syncs/3/sync_runs/1045/sync_records?status=pending&per_page=1');
    expect(pending.body.data[0]?.attributes.logs).toBeNull();
    const failed = await getList<SyncRecordResource>(upstream.url, '/api/v1/syncs/1/sync_runs/1025/sync_records?status=failed&per_page=1');
    const attributes = failed.body.data[0]!.attributes;
    expect(attributes.logs?.level).toBe('error');
    expect(JSON.parse(String(attributes.logs?.response))).toBeTruthy();
    expect(attributes).not.toHaveProperty('error');
    expect(attributes.sync_run_id).toBe(1025);
  });

  it('renders models of several query types, ai_ml with a json_schema', async () => {
    const { body } = await getList<ModelResource>(upstream.url, '/api/v1/models?query_type=ai_ml');
    expect(body.data.length).toBeGreaterThan(0);
    for (const model of body.data) expect(model.attributes.configuration?.json_schema).toBeDefined();
    expect((await getList<ModelResource>(upstream.url, '/api/v1/models?query_type=data')).body.data).toEqual([]);
  });
});
