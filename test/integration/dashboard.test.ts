/**
 * The sync dashboard end to end, over real HTTP: one query lists syncs with their source, destination
 * and model names and their latest run, at the cost of exactly the distinct pages it needs (no
 * connector or model request unless a field only the full resource has is selected); then the "Run
 * now", "Cancel" and on/off buttons act on a sync and the next query shows it.
 */
import { maskSecrets } from '../../src/secrets';
import { startHarness, type Harness } from '../support/harness';
import { requestLines, sortedRequestLines } from '../support/requestLog';
import { dataOf, defined } from '../support/response';
import { restAll, restGet, type ConnectorAttributes, type ConnectorSummaryAttributes, type ListBody, type SingleBody, type SyncAttributes, type SyncRunAttributes } from '../support/rest';

const DASHBOARD = `query Dashboard {
  syncs(first: 10) {
    pageInfo { hasNextPage }
    nodes {
      databaseId
      status
      scheduleType
      source { name connectorName icon }
      destination { name connectorName icon }
      model { name queryType connector { name } }
      latestRun { databaseId status isActive startedAt finishedAt }
    }
  }
}`;

const iso = (value: string | null) => (value === null ? null : new Date(value).toISOString());

describe('the dashboard query', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.upstream.clearLog());

  /** The first ten syncs as the upstream lists them, with their newest run (or null). */
  async function expectedDashboard() {
    const syncs = (await restGet<ListBody<SyncAttributes>>(h.upstream.url, '/api/v1/syncs?page=1&per_page=10')).data;
    const nodes = [];
    for (const sync of syncs) {
      const s = sync.attributes;
      const [run] = await restAll<SyncRunAttributes>(h.upstream.url, `/api/v1/syncs/${sync.id}/sync_runs`);
      const summary = (c: ConnectorSummaryAttributes) => ({ name: c.name, connectorName: c.connector_name, icon: c.icon });
      nodes.push({
        databaseId: Number(sync.id),
        status: s.status.toUpperCase(),
        scheduleType: s.schedule_type.toUpperCase(),
        source: summary(s.source),
        destination: summary(s.destination),
        model: { name: s.model.name, queryType: s.model.query_type.toUpperCase(), connector: { name: s.model.connector.name } },
        latestRun: run
          ? {
              databaseId: Number(run.id),
              status: run.attributes.status.toUpperCase(),
              isActive: ['pending', 'started', 'querying', 'queued', 'in_progress'].includes(run.attributes.status),
              startedAt: iso(run.attributes.started_at),
              finishedAt: iso(run.attributes.finished_at),
            }
          : null,
      });
    }
    h.upstream.clearLog();
    return nodes;
  }

  it('lists syncs with source, destination and model names and the latest run: one syncs page plus one run page per sync, sent together', async () => {
    const expected = await expectedDashboard();
    // The run pages' answers are held until all of them have arrived: the gate fills only if the
    // gateway asked for every sync's latest run at the same time.
    const runPages = h.upstream.holdResponses(expected.length, { match: (entry) => entry.path.endsWith('/sync_runs') });
    const response = await h.graphql(DASHBOARD);
    const concurrency = await runPages.opened;
    expect(response.body).toEqual({ data: { syncs: { pageInfo: { hasNextPage: true }, nodes: expected } } });
    // Active runs and runless syncs are both on the page, so both branches of latestRun are shown.
    expect(expected.some((node) => node.latestRun?.isActive)).toBe(true);

    // 11 requests: the syncs page (one item more, to know hasNextPage) and one one-run page per sync.
    // The names come from the objects embedded in each sync: no connector or model request at all.
    expect(sortedRequestLines(h.upstream)).toEqual(
      [
        'GET /api/v1/syncs?page=1&per_page=11',
        ...expected.map((node) => `GET /api/v1/syncs/${node.databaseId}/sync_runs?page=1&per_page=1`),
      ].sort(),
    );
    expect(h.upstream.requests.some((entry) => /\/(connectors|models)\b/.test(entry.path))).toBe(false);
    expect(concurrency).toEqual({ filled: true, arrived: 10, expected: 10 });
  });

  it('returns null as the latest run of a sync without runs', async () => {
    const runless = defined(h.upstream.store.listSyncs(1).find((sync) => h.upstream.store.listRuns(sync.id).length === 0), 'a sync without runs');
    const response = await h.graphql(`query ($id: Int!) { sync(databaseId: $id) { latestRun { databaseId } runs(first: 0) { totalCount } } }`, { id: runless.id });
    expect(response.body).toEqual({ data: { sync: { latestRun: null, runs: { totalCount: 0 } } } });
    // The one-run page proves the sync exists (the upstream answers 404 there otherwise): nothing of the
    // sync itself is selected, so the lookahead makes no request for it.
    expect(requestLines(h.upstream)).toEqual([`GET /api/v1/syncs/${runless.id}/sync_runs?page=1&per_page=1`]);
  });

  it('shares the one-run page between latestRun and runs { totalCount }, and adds one count request for the syncs', async () => {
    const response = await h.graphql<{ syncs: { totalCount: number; nodes: Array<{ databaseId: number }> } }>(
      `{ syncs(first: 10) { totalCount nodes { databaseId latestRun { databaseId } runs(first: 0) { totalCount } } } }`,
    );
    const nodes = dataOf(response).syncs.nodes;
    expect(dataOf(response).syncs.totalCount).toBe(h.upstream.store.listSyncs(1).length);
    nodes.forEach((node) => {
      const runs = h.upstream.store.listRuns(node.databaseId);
      expect(node).toEqual({ databaseId: node.databaseId, latestRun: runs[0] ? { databaseId: runs[0].id } : null, runs: { totalCount: runs.length } });
    });
    // The page of 11 does not show the end of 36 syncs; totalCount costs one one-item page.
    expect(sortedRequestLines(h.upstream)).toEqual(
      [
        'GET /api/v1/syncs?page=1&per_page=11',
        'GET /api/v1/syncs?page=1&per_page=1',
        ...nodes.map((node) => `GET /api/v1/syncs/${node.databaseId}/sync_runs?page=1&per_page=1`),
      ].sort(),
    );
  });

  it('fetches a full connector only when `configuration` is selected, once per distinct connector', async () => {
    const response = await h.graphql<{ syncs: { nodes: Array<{ source: { databaseId: number; configuration: unknown } }> } }>(
      `{ syncs(first: 10) { nodes { databaseId source { databaseId name configuration } destination { name } } } }`,
    );
    const sent = sortedRequestLines(h.upstream);
    const nodes = dataOf(response).syncs.nodes;
    const sourceIds = [...new Set<number>(nodes.map((node) => node.source.databaseId))];
    // Several syncs share a source, so de-duplication is visible.
    expect(sourceIds.length).toBeLessThan(nodes.length);
    expect(sent).toEqual(['GET /api/v1/syncs?page=1&per_page=11', ...sourceIds.map((id) => `GET /api/v1/connectors/${id}`)].sort());
    for (const node of nodes) {
      const rest = await restGet<SingleBody<ConnectorAttributes>>(h.upstream.url, `/api/v1/connectors/${node.source.databaseId}`);
      expect(node.source.configuration).toEqual(maskSecrets(rest.data.attributes.configuration));
    }
  });

  it("never fetches the model or the model's connector: the model embedded in a sync is complete", async () => {
    const response = await h.graphql<{ syncs: { nodes: unknown[] } }>(`{ syncs(first: 10) { nodes { model { databaseId configuration primaryKey query connector { configuration } } } } }`);
    const rest = await restGet<ListBody<SyncAttributes>>(h.upstream.url, '/api/v1/syncs?page=1&per_page=10');
    expect(dataOf(response).syncs.nodes).toEqual(
      rest.data.map((sync) => ({
        model: {
          databaseId: sync.attributes.model.id,
          // Secrets are masked (src/secrets.ts; test/integration/secrets.test.ts pins the values).
          configuration: maskSecrets(sync.attributes.model.configuration),
          primaryKey: sync.attributes.model.primary_key,
          query: sync.attributes.model.query,
          connector: { configuration: maskSecrets(sync.attributes.model.connector.configuration) },
        },
      })),
    );
    expect(requestLines(h.upstream)).toEqual(['GET /api/v1/syncs?page=1&per_page=11', 'GET /api/v1/syncs?page=1&per_page=10']);
  });
});

describe('the dashboard buttons', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(); // these tests change data
  });
  afterEach(() => h.close());

  const ROW = `query Row($id: Int!) { sync(databaseId: $id) { status latestRun { databaseId status isActive } } }`;
  type RowData = { sync: { status: string; latestRun: { databaseId: number; status: string; isActive: boolean } } };
  const writesSent = () => h.upstream.requests.filter((entry) => entry.method !== 'GET').map((entry) => `${entry.method} ${entry.path} ${entry.status}`);

  it('runs, cancels and switches a sync off and on, each with one write, and every next query shows the change', async () => {
    const row = async () => (await h.graphql<RowData>(ROW, { id: 2 })).body;
    const initial = dataOf({ body: await row() });
    expect(initial.sync.status).toBe('HEALTHY');
    expect(initial.sync.latestRun.isActive).toBe(false);

    // Run now
    const run = await h.graphql<{ triggerSyncRun: { run: { databaseId: number } } }>(`mutation { triggerSyncRun(input: { syncDatabaseId: 2 }) { run { databaseId status } } }`);
    const runId = dataOf(run).triggerSyncRun.run.databaseId;
    expect(runId).not.toBe(initial.sync.latestRun.databaseId);
    expect(await row()).toEqual({ data: { sync: { status: 'HEALTHY', latestRun: { databaseId: runId, status: 'PENDING', isActive: true } } } });

    // Cancel
    const cancel = await h.graphql(`mutation { cancelSyncRun(input: { syncDatabaseId: 2 }) { run { databaseId status } } }`);
    expect(cancel.body).toEqual({ data: { cancelSyncRun: { run: { databaseId: runId, status: 'CANCELED' } } } });
    expect(await row()).toEqual({ data: { sync: { status: 'HEALTHY', latestRun: { databaseId: runId, status: 'CANCELED', isActive: false } } } });

    // Off, then "Run now" is refused
    const off = await h.graphql(`mutation { setSyncEnabled(input: { syncDatabaseId: 2, enabled: false }) { sync { status } } }`);
    expect(off.body).toEqual({ data: { setSyncEnabled: { sync: { status: 'DISABLED' } } } });
    const refused = await h.graphql(`mutation { triggerSyncRun(input: { syncDatabaseId: 2 }) { run { databaseId } } }`);
    expect(refused.body).toEqual({
      data: { triggerSyncRun: null },
      errors: [
        {
          message: 'The sync is disabled; enable it before running or canceling it.',
          locations: expect.any(Array),
          path: ['triggerSyncRun'],
          extensions: { code: 'FAILED_PRECONDITION' },
        },
      ],
    });

    // On, then "Run now" works again
    const on = await h.graphql(`mutation { setSyncEnabled(input: { syncDatabaseId: 2, enabled: true }) { sync { status } } }`);
    expect(on.body).toEqual({ data: { setSyncEnabled: { sync: { status: 'PENDING' } } } });
    const again = await h.graphql(`mutation { triggerSyncRun(input: { syncDatabaseId: 2 }) { run { status } } }`);
    expect(again.body).toEqual({ data: { triggerSyncRun: { run: { status: 'PENDING' } } } });

    expect(writesSent()).toEqual([
      'POST /api/v1/schedule_syncs 200',
      'DELETE /api/v1/schedule_syncs/2 200',
      'PATCH /api/v1/syncs/2/enable 200',
      'POST /api/v1/schedule_syncs 424',
      'PATCH /api/v1/syncs/2/enable 200',
      'POST /api/v1/schedule_syncs 200',
    ]);
  });
});
