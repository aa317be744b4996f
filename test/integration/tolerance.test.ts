/**
 * Tolerance: the upstream's real sample bodies (test/fixtures/upstream-samples) and the variants the
 * vendor docs and UI describe (unknown enum values, `error` instead of `logs`, missing attributes, an
 * error object on a run, lists without `links`) all map to valid GraphQL answers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFaultGateway, type FaultGateway } from '../support/faultGateway';
import { dataOf, firstOf } from '../support/response';
import type { Resource } from '../support/rest';
import { respond, startScenarioUpstream, type ScenarioUpstream } from '../support/scenarioUpstream';

/** Sample attributes, loosely typed: the tests below rewrite them into variants off the contract. */
type Attributes = Record<string, unknown>;
interface SyncSample {
  data: Resource<Attributes & { source: Attributes; model: Attributes & { connector: { configuration: unknown } } }>;
}
interface ListSample {
  data: Array<Resource<Attributes>>;
}

const sample = <T>(name: string): T => JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'upstream-samples', name), 'utf8')) as T;

let upstream: ScenarioUpstream;
let gateway: FaultGateway;
beforeAll(async () => {
  upstream = await startScenarioUpstream();
  gateway = await startFaultGateway(upstream.url);
});
afterAll(async () => {
  await gateway.close();
  await upstream.close();
});

describe('the real upstream samples', () => {
  // Each list sample answers `page=1&per_page=3`, which is exactly the page `first: 2` asks for (2 items + 1 for hasNextPage).
  it('maps sync.json, sync-runs-list.json and sync-records-page1.json field by field', async () => {
    upstream.script('/api/v1/syncs/42', respond.json(200, sample('sync.json')));
    upstream.script('/api/v1/syncs/42/sync_runs', respond.json(200, sample('sync-runs-list.json')));
    upstream.script('/api/v1/syncs/42/sync_runs/1060', respond.json(200, sample('sync-run.json')));
    upstream.script('/api/v1/syncs/42/sync_runs/1060/sync_records', respond.json(200, sample('sync-records-page1.json')));
    const response = await gateway.graphql<{ sync: unknown }>(`{
      sync(databaseId: 42) {
        databaseId scheduleType syncMode syncInterval syncIntervalUnit status streamName cursorField currentCursorField
        source { name connectorName } destination { name } model { name queryType primaryKey connector { name configuration } }
        runs(first: 2) { pageInfo { hasNextPage } nodes { databaseId status runType isActive duration finishedAt totalRows failedRows error } }
        run(databaseId: 1060) { records(first: 2) { pageInfo { hasNextPage } nodes { databaseId status action record logs { level } } } }
      }
    }`);
    expect(response.body.errors).toBeUndefined();
    expect(dataOf(response).sync).toEqual({
      databaseId: 42,
      scheduleType: 'INTERVAL',
      syncMode: 'INCREMENTAL',
      syncInterval: 1,
      syncIntervalUnit: 'HOURS',
      status: 'HEALTHY',
      streamName: 'profile',
      cursorField: 'updated_at',
      currentCursorField: '2025-03-14 07:58:12',
      source: { name: 'Snowflake prod', connectorName: 'Snowflake' },
      destination: { name: 'Klaviyo marketing' },
      model: {
        name: 'Active customers',
        queryType: 'RAW_SQL',
        primaryKey: 'id',
        connector: { name: 'Snowflake prod', configuration: sample<SyncSample>('sync.json').data.attributes.model.connector.configuration },
      },
      runs: {
        pageInfo: { hasNextPage: true },
        nodes: [
          { databaseId: 1061, status: 'IN_PROGRESS', runType: 'GENERAL', isActive: true, duration: null, finishedAt: null, totalRows: 0, failedRows: 0, error: null },
          { databaseId: 1060, status: 'SUCCESS', runType: 'GENERAL', isActive: false, duration: 84.213477, finishedAt: '2025-03-14T08:01:26.944Z', totalRows: 14, failedRows: 1, error: null },
        ],
      },
      run: {
        records: {
          pageInfo: { hasNextPage: true },
          nodes: [
            { databaseId: 88012, status: 'SUCCESS', action: 'DESTINATION_UPDATE', record: firstOf(sample<ListSample>('sync-records-page1.json').data).attributes.record, logs: { level: 'info' } },
            { databaseId: 90455, status: 'SUCCESS', action: 'DESTINATION_INSERT', record: expect.any(Object), logs: { level: 'info' } },
          ],
        },
      },
    });
    expect(upstream.requests.filter((r) => /sync_(runs|records)$/.test(r.route)).map((r) => r.path)).toEqual([
      '/api/v1/syncs/42/sync_runs?page=1&per_page=3',
      '/api/v1/syncs/42/sync_runs/1060/sync_records?page=1&per_page=3',
    ]);
    // `links` hosts (https://api.squared.ai) were never contacted: every request went to the configured upstream.
    expect(upstream.requests.every((r) => r.headers.host === new URL(upstream.url).host)).toBe(true);
  });
});

describe('documented variants', () => {
  it('maps enum values it does not know to UNKNOWN instead of failing the response', async () => {
    const body = sample<SyncSample>('sync.json');
    Object.assign(body.data.attributes, { status: 'archived', schedule_type: 'automated', sync_mode: 'mirror', sync_interval_unit: 'months' });
    body.data.attributes.model.query_type = 'semantic_layer';
    body.data.attributes.source.connector_type = 'bidirectional';
    upstream.script('/api/v1/syncs/77', respond.json(200, body));
    const response = await gateway.graphql(`{ sync(databaseId: 77) { status scheduleType syncMode syncIntervalUnit model { queryType } source { connectorType } } }`);
    expect(response.body).toEqual({
      data: { sync: { status: 'UNKNOWN', scheduleType: 'UNKNOWN', syncMode: 'UNKNOWN', syncIntervalUnit: 'UNKNOWN', model: { queryType: 'UNKNOWN' }, source: { connectorType: 'UNKNOWN' } } },
    });
  });

  it('accepts records with the docs\' `error` string instead of `logs`, unknown actions, runs without sync_run_type and an error object', async () => {
    const runs = sample<ListSample>('sync-runs-list.json');
    runs.data.forEach((run) => (run.attributes.sync_id = 88));
    const firstRun = firstOf(runs.data);
    delete firstRun.attributes.sync_run_type;
    delete firstRun.attributes.skipped_rows;
    firstRun.attributes.error = { message: 'Destination rejected the batch', code: 'E_BATCH' };
    upstream.script('/api/v1/syncs/88', respond.json(200, { data: { ...sample<SyncSample>('sync.json').data, id: '88' } }));
    upstream.script('/api/v1/syncs/88/sync_runs', respond.json(200, runs));
    const records = {
      data: [
        {
          id: '5',
          type: 'sync_records',
          attributes: {
            sync_id: 88,
            sync_run_id: 1061,
            record: { id: 1 },
            status: 'failed',
            action: 'destination_delete',
            error: 'Invalid email address',
            created_at: '2025-03-14T09:00:04.000Z',
            updated_at: '2025-03-14T09:00:05.000Z',
          },
        },
      ],
    };
    upstream.script('/api/v1/syncs/88/sync_runs/1061/sync_records', respond.json(200, records));
    const response = await gateway.graphql(`{ sync(databaseId: 88) { runs(first: 1) { nodes { runType skippedRows error records(first: 5) {
      pageInfo { hasNextPage } nodes { action logs { request response level } } } } } } }`);
    expect(response.body).toEqual({
      data: {
        sync: {
          runs: {
            nodes: [
              {
                runType: 'UNKNOWN',
                skippedRows: 0,
                error: '{"message":"Destination rejected the batch","code":"E_BATCH"}',
                // A list without `links` still pages: hasNextPage comes from the data.
                records: { pageInfo: { hasNextPage: false }, nodes: [{ action: 'UNKNOWN', logs: { request: null, response: 'Invalid email address', level: 'error' } }] },
              },
            ],
          },
        },
      },
    });
  });
});
