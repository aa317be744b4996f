/**
 * The lookahead planner (src/lookahead): a sync or run fetched by id starts its children's requests at
 * once, and is not fetched at all when only its key and nested lists are selected. Two gateways, one
 * with LOOKAHEAD=false (one level at a time, as before the planner), answer every query here from the
 * same upstream: their answers must be identical, data, nulls, errors and codes, while the lookahead
 * gateway makes fewer requests, in fewer rounds.
 */
import { startHarness, type Harness } from '../support/harness';
import { requestLines } from '../support/requestLog';
import { dataOf } from '../support/response';

let on: Harness;
let off: Harness;
let syncId: number;
let runId: number;
let otherRunId: number;
const MISSING = 999_999;

beforeAll(async () => {
  on = await startHarness();
  off = await startHarness({ upstream: on.upstream, env: { LOOKAHEAD: 'false' } });
  const store = on.upstream.store;
  // A sync with a run of at least 100 records, and a run of another sync.
  const [sync, run] = store
    .listSyncs(1)
    .flatMap((s) => store.listRuns(s.id).map((r) => [s, r] as const))
    .find(([, r]) => store.listRecords(r.id).length >= 100) ?? [];
  if (!sync || !run) throw new Error('the demo seed has no run of 100 records');
  syncId = sync.id;
  runId = run.id;
  const other = store.listSyncs(1).find((s) => s.id !== syncId && store.listRuns(s.id).length > 0);
  if (!other) throw new Error('the demo seed has no second sync with runs');
  otherRunId = store.listRuns(other.id)[0]?.id ?? 0;
});
afterAll(async () => {
  await off.close();
  await on.close();
});
beforeEach(() => on.upstream.clearLog());

const RECORDS = `query ($s: Int!, $r: Int!) {
  sync(databaseId: $s) { run(databaseId: $r) { records(first: 100) { nodes { databaseId status record } pageInfo { hasNextPage endCursor } } } }
}`;

/** The same query through both gateways: identical answers; the upstream lines each one sent. */
async function both(query: string, variables: Record<string, unknown>): Promise<{ body: unknown; withLookahead: string[]; without: string[] }> {
  on.upstream.clearLog();
  const ahead = await on.graphql(query, variables);
  const withLookahead = requestLines(on.upstream);
  on.upstream.clearLog();
  const plain = await off.graphql(query, variables);
  const without = requestLines(on.upstream);
  expect(ahead.status).toBe(plain.status);
  expect(ahead.body).toEqual(plain.body);
  return { body: ahead.body, withLookahead, without };
}

describe('one request where every id is known', () => {
  it('reads a run of a sync by ids with one request, the record page, and the same answer as level by level', async () => {
    const { body, withLookahead, without } = await both(RECORDS, { s: syncId, r: runId });
    expect(withLookahead).toEqual([`GET /api/v1/syncs/${syncId}/sync_runs/${runId}/sync_records?page=1&per_page=101`]);
    expect(without).toHaveLength(3);
    const data = dataOf({ status: 200, body: body as { data?: { sync: { run: { records: { nodes: unknown[] } } } } } });
    expect(data.sync.run.records.nodes).toHaveLength(100);
  });

  it('answers the key fields of the sync and the run from the ids alone', async () => {
    const query = `query ($s: Int!, $r: Int!) {
      sync(databaseId: $s) { __typename id databaseId run(databaseId: $r) { __typename id databaseId syncDatabaseId records(first: 2) { totalCount } } }
    }`;
    const { withLookahead } = await both(query, { s: syncId, r: runId });
    expect(withLookahead.every((line) => line.startsWith(`GET /api/v1/syncs/${syncId}/sync_runs/${runId}/sync_records?`))).toBe(true);
  });

  it('sees through fragments and aliases, and fetches a run whose own fields are selected', async () => {
    const query = `query ($s: Int!, $r: Int!, $o: Int!) {
      sync(databaseId: $s) { ...Runs }
    }
    fragment Runs on Sync {
      a: run(databaseId: $r) { ... on SyncRun { records(first: 1) { nodes { databaseId } } } }
      b: run(databaseId: $r) { status }
      c: run(databaseId: $o) { databaseId records(first: 1) { nodes { databaseId } } }
    }`;
    const { withLookahead } = await both(query, { s: syncId, r: runId, o: otherRunId });
    // The run whose status is asked is fetched; the records page proves the sync; the run of another
    // sync is looked for under this sync (404) and is null, as it always was.
    expect(withLookahead).toContain(`GET /api/v1/syncs/${syncId}/sync_runs/${runId}`);
    expect(withLookahead).not.toContain(`GET /api/v1/syncs/${syncId}`);
  });

  it('reads @skip and @include as execution will: a skipped field needs nothing, an included one its object', async () => {
    const query = `query ($s: Int!, $r: Int!, $yes: Boolean!) {
      sync(databaseId: $s) { status @skip(if: $yes) run(databaseId: $r) { records(first: 1) { nodes { databaseId } } } }
    }`;
    const skipped = await both(query, { s: syncId, r: runId, yes: true });
    expect(skipped.withLookahead).toEqual([`GET /api/v1/syncs/${syncId}/sync_runs/${runId}/sync_records?page=1&per_page=2`]);
    const included = await both(query, { s: syncId, r: runId, yes: false });
    expect(included.withLookahead.sort()).toEqual(
      [`GET /api/v1/syncs/${syncId}`, `GET /api/v1/syncs/${syncId}/sync_runs/${runId}/sync_records?page=1&per_page=2`].sort(),
    );
  });
});

describe('every request whose inputs are known starts at once', () => {
  it('sends the sync, its runs page, its latest run and a run of it in one round', async () => {
    const query = `query ($s: Int!, $r: Int!) {
      sync(databaseId: $s) { status runs(first: 2) { nodes { databaseId } } latestRun { databaseId } run(databaseId: $r) { status } }
    }`;
    // Held until all four have arrived: it fills only if none waited for another's answer.
    const gate = on.upstream.holdResponses(4);
    const response = await on.graphql(query, { s: syncId, r: runId });
    expect(await gate.opened).toEqual({ filled: true, arrived: 4, expected: 4 });
    expect(response.body.errors).toBeUndefined();
    expect(requestLines(on.upstream).sort()).toEqual(
      [
        `GET /api/v1/syncs/${syncId}`,
        `GET /api/v1/syncs/${syncId}/sync_runs?page=1&per_page=3`,
        `GET /api/v1/syncs/${syncId}/sync_runs?page=1&per_page=1`,
        `GET /api/v1/syncs/${syncId}/sync_runs/${runId}`,
      ].sort(),
    );
  });

  it('answers exactly as level by level', async () => {
    const query = `query ($s: Int!, $r: Int!) {
      sync(databaseId: $s) { status runs(first: 2) { nodes { databaseId } } latestRun { databaseId } run(databaseId: $r) { status } }
    }`;
    await both(query, { s: syncId, r: runId });
  });
});

describe('missing objects are null exactly as before', () => {
  it.each([
    ['a missing sync', () => ({ s: MISSING, r: runId })],
    ['a missing run', () => ({ s: syncId, r: MISSING })],
    ['a run of another sync', () => ({ s: syncId, r: otherRunId })],
  ])('%s', async (_what, variables) => {
    const { body } = await both(RECORDS, variables());
    expect(body).toEqual({ data: { sync: variables().s === MISSING ? null : { run: null } } });
  });

  it('reports an invalid id or filter where it always did, and still answers the rest', async () => {
    const query = `query ($s: Int!, $r: Int!) {
      sync(databaseId: $s) { run(databaseId: $r) { records(first: 500) { totalCount } } }
      also: sync(databaseId: $s) { runs(status: UNKNOWN) { totalCount } }
    }`;
    const { body } = await both(query, { s: syncId, r: -1 });
    expect(body).toMatchObject({ data: { sync: { run: null }, also: null }, errors: expect.any(Array) });
  });
});
