/**
 * Every field of every type, compared with what the upstream's REST API says about the same resource.
 */
import { maskSecrets } from '../../src/secrets';
import { startHarness, type Harness } from '../support/harness';
import { dataOf, firstOf, itemOf } from '../support/response';
import {
  restAll,
  restGet,
  type ConnectorSummaryAttributes,
  type SingleBody,
  type SyncAttributes,
  type SyncRecordAttributes,
  type SyncRunAttributes,
} from '../support/rest';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());

const upper = (value: string | null) => (value === null ? null : value.toUpperCase());
const iso = (value: string | null) => (value === null ? null : new Date(value).toISOString());

const CONNECTOR_FIELDS = 'id databaseId name description connectorType connectorName icon workspaceId createdAt updatedAt';

interface ObjectRef {
  id: string;
  databaseId: number;
}
interface SyncsData {
  syncs: { totalCount: number; nodes: Array<ObjectRef & { status: string; scheduleType: string; source: ObjectRef; destination: ObjectRef; model: ObjectRef }> };
}
interface RecordShape {
  id: string;
}
interface RunsData {
  sync: { runs: { totalCount: number; nodes: Array<{ records: { totalCount: number; nodes: RecordShape[] } }> } };
}
interface SingleRunData {
  sync: { id: string; source: { id: string }; model: { id: string }; run: { id: string; records: { nodes: RecordShape[] } } };
}
interface NodesData {
  nodes: Array<{ __typename: string; id: string }>;
}

function expectedConnector(c: ConnectorSummaryAttributes) {
  return {
    databaseId: c.id,
    name: c.name,
    description: c.description,
    connectorType: upper(c.connector_type),
    connectorName: c.connector_name,
    icon: c.icon,
    workspaceId: c.workspace_id,
    createdAt: iso(c.created_at),
    updatedAt: iso(c.updated_at),
  };
}

describe('Sync fields', () => {
  it('maps every attribute of every sync, including the embedded source, destination and model', async () => {
    const rest = await restAll<SyncAttributes>(harness.upstream.url, '/api/v1/syncs');
    const response = await harness.graphql<SyncsData>(`{
      syncs(first: 100) {
        totalCount
        nodes {
          id databaseId name scheduleType syncMode syncInterval syncIntervalUnit cronExpression streamName status
          cursorField currentCursorField configuration sourceDatabaseId destinationDatabaseId modelDatabaseId createdAt updatedAt
          source { ${CONNECTOR_FIELDS} }
          destination { ${CONNECTOR_FIELDS} }
          model { id databaseId name description query queryType configuration primaryKey createdAt updatedAt connector { ${CONNECTOR_FIELDS} configuration } }
        }
      }
    }`);
    expect(response.body.errors).toBeUndefined();
    const syncs = dataOf(response).syncs;
    expect(syncs.totalCount).toBe(rest.length);
    expect(rest.length).toBeGreaterThan(20);
    syncs.nodes.forEach((node, i) => {
      const resource = itemOf(rest, i, 'the REST syncs');
      const s = resource.attributes;
      expect(node).toMatchObject({
        databaseId: Number(resource.id),
        name: null,
        scheduleType: upper(s.schedule_type),
        syncMode: upper(s.sync_mode),
        syncInterval: s.sync_interval,
        syncIntervalUnit: upper(s.sync_interval_unit),
        cronExpression: s.cron_expression,
        streamName: s.stream_name,
        status: upper(s.status),
        cursorField: s.cursor_field,
        currentCursorField: s.current_cursor_field,
        // Secrets are masked (src/secrets.ts; test/integration/secrets.test.ts pins the values).
        configuration: maskSecrets(s.configuration),
        sourceDatabaseId: s.source_id,
        destinationDatabaseId: s.destination_id,
        modelDatabaseId: s.model_id,
        createdAt: iso(s.created_at),
        updatedAt: iso(s.updated_at),
        source: expectedConnector(s.source),
        destination: expectedConnector(s.destination),
        model: {
          databaseId: s.model.id,
          name: s.model.name,
          description: s.model.description,
          query: s.model.query,
          queryType: upper(s.model.query_type),
          configuration: maskSecrets(s.model.configuration),
          primaryKey: s.model.primary_key,
          createdAt: iso(s.model.created_at),
          updatedAt: iso(s.model.updated_at),
          connector: { ...expectedConnector(s.model.connector), configuration: maskSecrets(s.model.connector.configuration) },
        },
      });
    });
    // Every enum value the demo data holds maps to a known value, never UNKNOWN.
    const statuses = new Set(syncs.nodes.map((n) => n.status));
    expect([...statuses].sort()).toEqual(['ABORTED', 'DISABLED', 'FAILED', 'HEALTHY', 'PENDING']);
    expect(new Set(syncs.nodes.map((n) => n.scheduleType))).toEqual(new Set(['MANUAL', 'INTERVAL', 'CRON_EXPRESSION']));
    // Global ids are unique across types: one id per distinct (type, databaseId), even where databaseIds collide.
    const objects = syncs.nodes.flatMap((n): Array<[string, number, string]> => [
      ['Sync', n.databaseId, n.id],
      ['Connector', n.source.databaseId, n.source.id],
      ['Connector', n.destination.databaseId, n.destination.id],
      ['Model', n.model.databaseId, n.model.id],
    ]);
    const distinctObjects = new Set(objects.map(([type, databaseId]) => `${type}:${databaseId}`));
    const distinctIds = new Set(objects.map(([, , id]) => id));
    expect(distinctIds.size).toBe(distinctObjects.size);
  });
});

describe('SyncRun and SyncRecord fields', () => {
  it('maps every attribute of a run and of its records, and links back up to the run and the sync', async () => {
    const syncs = await restAll<SyncAttributes>(harness.upstream.url, '/api/v1/syncs');
    let checkedRecords = 0;
    let sawLogs = false;
    for (const sync of syncs.slice(0, 12)) {
      const runs = await restAll<SyncRunAttributes>(harness.upstream.url, `/api/v1/syncs/${sync.id}/sync_runs`);
      const response = await harness.graphql<RunsData>(
        `query ($id: Int!) { sync(databaseId: $id) { databaseId runs(first: 100) { totalCount nodes {
          id databaseId syncDatabaseId status isActive runType startedAt finishedAt duration totalQueryRows totalRows skippedRows
          successfulRows failedRows error createdAt updatedAt sync { databaseId }
          records(first: 5) { totalCount nodes { id databaseId syncDatabaseId syncRunDatabaseId record status action logs { request response level }
            createdAt updatedAt syncRun { databaseId } sync { databaseId } } }
        } } } }`,
        { id: Number(sync.id) },
      );
      expect(response.body.errors).toBeUndefined();
      const connection = dataOf(response).sync.runs;
      expect(connection.totalCount).toBe(runs.length);
      for (const [i, node] of connection.nodes.entries()) {
        const run = itemOf(runs, i, 'the REST runs');
        const r = run.attributes;
        expect(node).toMatchObject({
          databaseId: Number(run.id),
          syncDatabaseId: r.sync_id,
          status: upper(r.status),
          isActive: ['pending', 'started', 'querying', 'queued', 'in_progress'].includes(r.status),
          runType: upper(r.sync_run_type),
          startedAt: iso(r.started_at),
          finishedAt: iso(r.finished_at),
          duration: r.duration,
          totalQueryRows: r.total_query_rows,
          totalRows: r.total_rows,
          skippedRows: r.skipped_rows,
          successfulRows: r.successful_rows,
          failedRows: r.failed_rows,
          error: r.error,
          createdAt: iso(r.created_at),
          updatedAt: iso(r.updated_at),
          sync: { databaseId: Number(sync.id) },
        });
        const records = await restAll<SyncRecordAttributes>(harness.upstream.url, `/api/v1/syncs/${sync.id}/sync_runs/${run.id}/sync_records`);
        expect(node.records.totalCount).toBe(records.length);
        node.records.nodes.forEach((rec, j) => {
          const record = itemOf(records, j, 'the REST records');
          const a = record.attributes;
          expect(rec).toEqual({
            id: expect.any(String),
            databaseId: Number(record.id),
            syncDatabaseId: a.sync_id,
            syncRunDatabaseId: a.sync_run_id,
            record: a.record,
            status: upper(a.status),
            action: upper(a.action),
            logs: a.logs === null ? null : { request: a.logs.request, response: a.logs.response, level: a.logs.level },
            createdAt: iso(a.created_at),
            updatedAt: iso(a.updated_at),
            syncRun: { databaseId: Number(run.id) },
            sync: { databaseId: Number(sync.id) },
          });
          checkedRecords += 1;
          if (a.logs) sawLogs = true;
        });
      }
    }
    expect(checkedRecords).toBeGreaterThan(50);
    expect(sawLogs).toBe(true);
  });

  it('fetches a single run and resolves node ids of every type back to the same objects', async () => {
    const syncs = await restAll<SyncAttributes>(harness.upstream.url, '/api/v1/syncs');
    const sync = firstOf(syncs, 'the REST syncs');
    const runs = await restAll<SyncRunAttributes>(harness.upstream.url, `/api/v1/syncs/${sync.id}/sync_runs`);
    const firstRun = firstOf(runs, 'the REST runs');
    const single = await restGet<SingleBody<SyncRunAttributes>>(harness.upstream.url, `/api/v1/syncs/${sync.id}/sync_runs/${firstRun.id}`);
    const response = await harness.graphql<SingleRunData>(
      `query ($s: Int!, $r: Int!) { sync(databaseId: $s) { id source { id } model { id } run(databaseId: $r) { id databaseId status
        records(first: 1) { nodes { id } } } } }`,
      { s: Number(sync.id), r: Number(firstRun.id) },
    );
    const data = dataOf(response).sync;
    expect(data.run).toMatchObject({ databaseId: Number(single.data.id), status: upper(single.data.attributes.status) });
    const ids = [data.id, data.source.id, data.model.id, data.run.id, ...data.run.records.nodes.map((n) => n.id)];
    const nodes = await harness.graphql<NodesData>(`query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids });
    expect(nodes.body.errors).toBeUndefined();
    expect(dataOf(nodes).nodes.map((n) => n.id)).toEqual(ids);
    expect(dataOf(nodes).nodes.map((n) => n.__typename)).toEqual(['Sync', 'Connector', 'Model', 'SyncRun', 'SyncRecord'].slice(0, ids.length));
  });
});

describe('global ids over HTTP', () => {
  // Pinned like the literals in test/unit/formats.test.ts: clients store these ids, so the running gateway must keep
  // answering the same string for the same object. Sync 2 is a fixed scenario of the demo seed (demo/src/scenarios.ts).
  it('gives demo sync 2 the id "U3luYzoy" and resolves that id back to it', async () => {
    const response = await harness.graphql(`{ sync(databaseId: 2) { id } node(id: "U3luYzoy") { __typename ... on Sync { databaseId } } }`);
    expect(response.body).toEqual({ data: { sync: { id: 'U3luYzoy' }, node: { __typename: 'Sync', databaseId: 2 } } });
  });
});
