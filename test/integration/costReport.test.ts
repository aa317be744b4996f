/**
 * The upstream cost report (COST_REPORT, `X-Upstream-Report: 1`): `extensions.upstream` must list
 * exactly the requests the upstream saw, as route templates with their pages and statuses, count the
 * rounds of latency the operation really waited for, show the reads the loaders served without a
 * request, retries with their cause, and never a token, an origin or an id.
 */
import { DEMO_TOKEN, DEMO_WORKSPACE_ID } from '../../demo/src/credentials';
import type { UpstreamCostReport, UpstreamRequestEntry } from '../../src/observability/costReport';
import { routeTemplateOf } from '../../src/observability/upstreamEvents';
import { callerHeaders, startFaultGateway, TEST_TOKEN } from '../support/faultGateway';
import { demoHeaders, startHarness, type GraphQLResponse, type Harness } from '../support/harness';
import { requestLine } from '../support/requestLog';
import { dataOf, defined, errorsOf, firstOf } from '../support/response';
import { respond, startScenarioUpstream, syncBody } from '../support/scenarioUpstream';

const ASK = { ...demoHeaders, 'x-upstream-report': '1' };

/** The README's "A syncs dashboard" example query. */
const DASHBOARD = `query SyncsDashboard {
  syncs(first: 10) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id
      databaseId
      status
      scheduleType
      syncInterval
      syncIntervalUnit
      source { name connectorName }
      destination { name connectorName }
      model { name queryType }
      runs(first: 3) {
        nodes { databaseId status startedAt finishedAt duration successfulRows failedRows }
      }
    }
  }
}`;

/** The README's "A run with its failed records" example query. */
const FAILED_RECORDS = `query FailedRecords($syncId: Int!, $runId: Int!) {
  sync(databaseId: $syncId) {
    run(databaseId: $runId) {
      status
      totalRows
      failedRows
      records(status: FAILED, first: 20) {
        totalCount
        edges {
          cursor
          node { databaseId record action logs { level request response } }
        }
      }
    }
  }
}`;

const RUN_RECORDS = `query($syncId: Int!, $runId: Int!) { sync(databaseId: $syncId) { run(databaseId: $runId) { records(first: 5) { nodes { databaseId } } } } }`;

function reportOf(response: GraphQLResponse): UpstreamCostReport {
  const extensions = (response.body as { extensions?: { upstream?: UpstreamCostReport } }).extensions;
  return defined(extensions?.upstream, 'extensions.upstream');
}

function hasReport(response: GraphQLResponse): boolean {
  return (response.body as { extensions?: Record<string, unknown> }).extensions?.upstream !== undefined;
}

/** `GET /api/v1/syncs/{id}/sync_runs 1/3 200`: what both the report and the upstream log can say. */
const reported = (entry: UpstreamRequestEntry) => `${entry.method} ${entry.route} ${entry.page ?? '-'}/${entry.perPage ?? '-'} ${entry.status}`;

/** The byte length of the upstream's body for the same request, asked again directly. */
async function bodyBytes(upstreamUrl: string, line: string): Promise<number> {
  const path = line.slice(line.indexOf(' ') + 1);
  const response = await fetch(`${upstreamUrl}${path}`, { headers: { authorization: `Bearer ${DEMO_TOKEN}`, 'workspace-id': String(DEMO_WORKSPACE_ID) } });
  return (await response.arrayBuffer()).byteLength;
}

describe('the cost report of the README example queries', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.upstream.clearLog());

  it('lists exactly the requests of the syncs dashboard the upstream saw, with their bytes, in two rounds', async () => {
    const response = await h.graphql(DASHBOARD, undefined, ASK);
    dataOf(response);
    const report = reportOf(response);
    const log = h.upstream.requests;
    const upstreamSaw = log.map((entry) => `${entry.method} ${routeTemplateOf(entry.path)} ${entry.query.page ?? '-'}/${entry.query.per_page ?? '-'} ${entry.status}`);
    expect(report.requests.map(reported).sort()).toEqual([...upstreamSaw].sort());
    expect(report.requests.map(reported)).toEqual(expect.arrayContaining(['GET /api/v1/syncs 1/11 200', 'GET /api/v1/syncs/{id}/sync_runs 1/4 200']));
    expect(report.totals.requests).toBe(log.length);
    // The syncs page (one more, for hasNextPage), one one-item page for totalCount, one run page per sync.
    expect(log.length).toBe(12);
    // The same bodies, asked again: the demo's data did not move, so their sizes are the report's bytes.
    const sizes = await Promise.all(log.map((entry) => bodyBytes(h.upstream.url, requestLine(entry))));
    expect(report.totals.bytes).toBe(sizes.reduce((sum, size) => sum + size, 0));
    expect(report.requests.map((entry) => entry.bytes).sort()).toEqual([...sizes].sort());
    // The syncs page first, then the count and every run page at once: two rounds.
    expect(report.totals.rounds).toBe(2);
    expect(report.requests.map((entry) => `${entry.route} ${entry.perPage} round ${entry.round}`).sort()).toEqual(
      ['/api/v1/syncs 11 round 1', '/api/v1/syncs 1 round 2', ...Array.from({ length: 10 }, () => '/api/v1/syncs/{id}/sync_runs 4 round 2')].sort(),
    );
    expect(firstOf(report.requests).route).toBe('/api/v1/syncs');
    expect(report.requests.every((entry) => entry.outcome === 'ok' && entry.attempt === 1 && entry.retryCause === null && entry.durationMs !== null)).toBe(true);
    const offsets = report.requests.map((entry) => entry.startOffsetMs);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(report.totals).toMatchObject({ retries: 0, deduplicated: 0, cached: 0 });
    expect(report.totals.executionMs).toBeGreaterThanOrEqual(Math.max(...report.requests.map((e) => e.startOffsetMs + (e.durationMs ?? 0))) - 0.1);
  });

  it('lists the run and its failed-records page, read at once, for a run with its failed records', async () => {
    const sync = h.upstream.store.listSyncs(DEMO_WORKSPACE_ID).find((s) => h.upstream.store.listRuns(s.id).some((run) => h.upstream.store.listRecords(run.id, 'failed').length > 0));
    const run = defined(h.upstream.store.listRuns(defined(sync, 'a sync with failed records').id).find((r) => h.upstream.store.listRecords(r.id, 'failed').length > 0));
    h.upstream.clearLog();
    const response = await h.graphql(FAILED_RECORDS, { syncId: run.syncId, runId: run.id }, ASK);
    dataOf(response);
    const report = reportOf(response);
    const upstreamSaw = h.upstream.requests.map((entry) => `${entry.method} ${routeTemplateOf(entry.path)} ${entry.query.page ?? '-'}/${entry.query.per_page ?? '-'} ${entry.status}`);
    expect(report.requests.map(reported).sort()).toEqual([...upstreamSaw].sort());
    expect(report.requests.map(reported).sort()).toEqual(['GET /api/v1/syncs/{id}/sync_runs/{id} -/- 200', 'GET /api/v1/syncs/{id}/sync_runs/{id}/sync_records 1/21 200']);
    // The lookahead planner skips the sync and starts the run and its records together: one round.
    expect(report.totals).toMatchObject({ requests: 2, rounds: 1 });
  });
});

describe('rounds', () => {
  let h: Harness;
  let levelByLevel: Harness;
  beforeAll(async () => {
    h = await startHarness();
    levelByLevel = await startHarness({ upstream: h.upstream, env: { LOOKAHEAD: 'false' } });
  });
  afterAll(async () => {
    await levelByLevel.close();
    await h.close();
  });

  function aRunWithRecords(): { syncId: number; runId: number } {
    for (const sync of h.upstream.store.listSyncs(DEMO_WORKSPACE_ID)) {
      const run = h.upstream.store.listRuns(sync.id).find((r) => h.upstream.store.listRecords(r.id).length > 0);
      if (run) return { syncId: sync.id, runId: run.id };
    }
    throw new Error('The demo data has no run with records.');
  }

  it('counts two levels of lists as two rounds and three as three', async () => {
    const two = reportOf(await h.graphql(`{ syncs(first: 3) { nodes { runs(first: 2) { nodes { databaseId } } } } }`, undefined, ASK));
    expect(two.totals.rounds).toBe(2);
    const three = reportOf(await h.graphql(`{ syncs(first: 3) { nodes { runs(first: 2) { nodes { records(first: 2) { nodes { databaseId } } } } } } }`, undefined, ASK));
    expect(three.totals.rounds).toBe(3);
    expect(new Set(three.requests.filter((e) => e.route.endsWith('/sync_records')).map((e) => e.round))).toEqual(new Set([3]));
  });

  it('counts a sync, its run and its records read level by level as three rounds, and with the lookahead planner as the one it really is', async () => {
    const ids = aRunWithRecords();
    const slow = reportOf(await levelByLevel.graphql(RUN_RECORDS, ids, ASK));
    expect(slow.requests.map((e) => [e.route, e.round])).toEqual([
      ['/api/v1/syncs/{id}', 1],
      ['/api/v1/syncs/{id}/sync_runs/{id}', 2],
      ['/api/v1/syncs/{id}/sync_runs/{id}/sync_records', 3],
    ]);
    expect(slow.totals.rounds).toBe(3);
    const planned = reportOf(await h.graphql(RUN_RECORDS, ids, ASK));
    expect(planned.requests.map((e) => [e.route, e.round])).toEqual([['/api/v1/syncs/{id}/sync_runs/{id}/sync_records', 1]]);
    expect(planned.totals.rounds).toBe(1);
  });
});

describe('reads served without a request, writes and failures', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.upstream.clearLog());

  it('shows a read de-duplicated while in flight and reads served from the loader cache', async () => {
    const sync = firstOf(h.upstream.store.listSyncs(DEMO_WORKSPACE_ID));
    const twice = reportOf(await h.graphql(`query($id: Int!) { a: sync(databaseId: $id) { databaseId } b: sync(databaseId: $id) { status } }`, { id: sync.id }, ASK));
    expect(twice.requests.map(reported)).toEqual(['GET /api/v1/syncs/{id} -/- 200']);
    expect(twice.served).toEqual([{ route: '/api/v1/syncs/{id}', page: null, perPage: null, how: 'deduplicated', atOffsetMs: expect.any(Number) }]);
    expect(twice.totals).toMatchObject({ requests: 1, deduplicated: 1, cached: 0 });

    // Each run's `sync` is the sync already read for the parent field.
    const runs = h.upstream.store.listRuns(sync.id).length;
    const back = reportOf(await h.graphql(`query($id: Int!) { sync(databaseId: $id) { status runs(first: 2) { nodes { sync { status } } } } }`, { id: sync.id }, ASK));
    expect(back.served.map((entry) => [entry.route, entry.how])).toEqual(Array.from({ length: Math.min(runs, 2) }, () => ['/api/v1/syncs/{id}', 'cached']));
    expect(back.totals.cached).toBe(Math.min(runs, 2));
    expect(back.totals.requests).toBe(2);
  });

  it('reports the write and the reads of a mutation', async () => {
    const response = await h.graphql(`mutation { triggerSyncRun(input: { syncDatabaseId: 2 }) { run { databaseId } } }`, undefined, ASK);
    dataOf(response);
    const report = reportOf(response);
    expect(report.requests.map(reported)).toEqual(['POST /api/v1/schedule_syncs -/- 200', ...h.upstream.requests.slice(1).map((e) => `GET ${routeTemplateOf(e.path)} ${e.query.page ?? '-'}/${e.query.per_page ?? '-'} 200`)]);
    expect(report.totals.requests).toBe(h.upstream.requests.length);
    expect(report.totals.rounds).toBe(2);
  });

  it('shows a failed request with its status next to the ones that worked', async () => {
    const response = await h.graphql(`{ missing: sync(databaseId: 999999) { databaseId } syncs(first: 1) { nodes { databaseId } } }`, undefined, ASK);
    expect(response.body.data).toMatchObject({ missing: null });
    const report = reportOf(response);
    expect(report.requests.map((e) => [e.route, e.status, e.outcome]).sort()).toEqual([
      ['/api/v1/syncs', 200, 'ok'],
      ['/api/v1/syncs/{id}', 404, 'http_error'],
    ]);
  });

  it('is not made for a request refused before execution', async () => {
    const invalid = await h.graphql(`{ syncs(first: 1) { noSuchField } }`, undefined, ASK);
    expect(errorsOf(invalid)[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(hasReport(invalid)).toBe(false);
    const tooBig = await h.graphql(`{ syncs(first: 100) { nodes { runs(first: 100) { nodes { records(first: 100) { nodes { databaseId } } } } } } }`, undefined, ASK);
    expect(errorsOf(tooBig)[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(hasReport(tooBig)).toBe(false);
    expect(h.upstream.requests).toEqual([]);
  });
});

describe('asking for the report', () => {
  it('is needed: without the header, or with another value, no report is sent', async () => {
    const h = await startHarness();
    try {
      expect(hasReport(await h.graphql(`{ syncs(first: 1) { totalCount } }`))).toBe(false);
      expect(hasReport(await h.graphql(`{ syncs(first: 1) { totalCount } }`, undefined, { ...demoHeaders, 'x-upstream-report': 'yes' }))).toBe(false);
      expect(hasReport(await h.graphql(`{ syncs(first: 1) { totalCount } }`, undefined, ASK))).toBe(true);
    } finally {
      await h.close();
    }
  });

  it('is ignored when COST_REPORT is false, and GraphiQL is not told to ask', async () => {
    const h = await startHarness({ env: { COST_REPORT: 'false' } });
    try {
      const response = await h.graphql(`{ syncs(first: 1) { totalCount } }`, undefined, ASK);
      dataOf(response);
      expect(response.body).not.toHaveProperty('extensions');
      const page = await (await fetch(`${h.url}/`)).text();
      expect(page).toContain('"upstreamReport":false');
    } finally {
      await h.close();
    }
  });
});

describe('a retried request in the report', () => {
  it('appears as two attempts: the 503 and the retry with its cause, in two rounds', async () => {
    const upstream = await startScenarioUpstream();
    const gateway = await startFaultGateway(upstream.url, { UPSTREAM_BREAKER_FAILURES: '1000' });
    try {
      upstream.script('/api/v1/syncs/1', respond.json(503, { status: 503, error: 'Service Unavailable' }), respond.json(200, syncBody(1)));
      const asked = await gateway.graphql(`{ sync(databaseId: 1) { databaseId } }`, { ...callerHeaders(TEST_TOKEN, '7'), 'x-upstream-report': '1' });
      expect(asked.body.data).toEqual({ sync: { databaseId: 1 } });
      const report = reportOf(asked);
      expect(report.requests.map((e) => [e.route, e.attempt, e.retryCause, e.status, e.outcome, e.round])).toEqual([
        ['/api/v1/syncs/{id}', 1, null, 503, 'http_error', 1],
        ['/api/v1/syncs/{id}', 2, 'status_503', 200, 'ok', 2],
      ]);
      expect(report.totals).toMatchObject({ requests: 2, retries: 1, rounds: 2 });
    } finally {
      await gateway.close();
      await upstream.close();
    }
  });
});

describe('what the report never shows', () => {
  it('holds no token, origin, query string or id, for answered and failed requests alike', async () => {
    const upstream = await startScenarioUpstream();
    const token = 'secret-token-3e8a1f0c77';
    const gateway = await startFaultGateway(upstream.url, { UPSTREAM_RETRY_MAX_ATTEMPTS: '1' });
    try {
      upstream.script('/api/v1/syncs/987654', respond.json(200, syncBody(987654)));
      upstream.script('/api/v1/syncs/876543', respond.json(503, { status: 503, error: 'Service Unavailable' }));
      const response = await gateway.graphql(`{ a: sync(databaseId: 987654) { databaseId } b: sync(databaseId: 765432) { databaseId } c: sync(databaseId: 876543) { databaseId } }`, {
        ...callerHeaders(token, '4321'),
        'x-upstream-report': '1',
      });
      expect(response.body.data).toEqual({ a: { databaseId: 987654 }, b: null, c: null });
      const report = reportOf(response);
      expect(report.requests.map((e) => [e.route, e.status]).sort()).toEqual([
        ['/api/v1/syncs/{id}', 200],
        ['/api/v1/syncs/{id}', 404],
        ['/api/v1/syncs/{id}', 503],
      ]);
      const text = JSON.stringify(report);
      const { host } = new URL(upstream.url);
      for (const secret of [token, 'Bearer', '987654', '765432', '876543', '4321', host, '127.0.0.1', 'http:', '?', 'page=']) expect(text).not.toContain(secret);
    } finally {
      await gateway.close();
      await upstream.close();
    }
  });
});
