/**
 * The lookahead planner against an upstream that refuses or fails on one level at a time: with and
 * without LOOKAHEAD, the gateway's answers are identical (data, nulls, error paths and codes), because
 * a request that fails under the planner makes it fetch the parents after all and the child reports
 * the cached failure on its own path.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFaultGateway, type FaultGateway } from '../support/faultGateway';
import { respond, startScenarioUpstream, type Behaviour, type ScenarioUpstream } from '../support/scenarioUpstream';

const sample = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'upstream-samples', name), 'utf8'));

const SYNC = '/api/v1/syncs/42';
const RUN = '/api/v1/syncs/42/sync_runs/1060';
const RECORDS = '/api/v1/syncs/42/sync_runs/1060/sync_records';
// No retries and no breaker here: each failure is one answer, and one test's failures never refuse the next's calls.
const ENV = { UPSTREAM_RETRY_MAX_ATTEMPTS: '1', UPSTREAM_BREAKER_FAILURES: '10000' };

let upstream: ScenarioUpstream;
let on: FaultGateway;
let off: FaultGateway;
beforeAll(async () => {
  upstream = await startScenarioUpstream();
  on = await startFaultGateway(upstream.url, ENV);
  off = await startFaultGateway(upstream.url, { ...ENV, LOOKAHEAD: 'false' });
});
afterAll(async () => {
  await on.close();
  await off.close();
  await upstream.close();
});

const forbidden = respond.json(403, { errors: [{ status: 403, title: 'Error', detail: 'Forbidden' }] });
const failing = respond.json(500, { error: 'Internal Server Error' });
const missing = respond.json(404, { errors: [{ status: 404, title: 'Error', detail: 'Sync not found' }] });

function script(routes: { sync?: Behaviour; run?: Behaviour; records?: Behaviour }): void {
  upstream.script(SYNC, routes.sync ?? respond.json(200, sample('sync.json')));
  upstream.script(RUN, routes.run ?? respond.json(200, sample('sync-run.json')));
  upstream.script(RECORDS, routes.records ?? respond.json(200, sample('sync-records-page1.json')));
}

/** Both gateways answer `query` identically; returns that answer. */
async function sameAnswer(query: string): Promise<unknown> {
  const ahead = await on.graphql(query);
  const plain = await off.graphql(query);
  expect(ahead.status).toBe(plain.status);
  expect(ahead.body).toEqual(plain.body);
  return ahead.body;
}

const ONLY_RECORDS = '{ sync(databaseId: 42) { run(databaseId: 1060) { records(first: 2) { nodes { databaseId } } } } }';
const EVERY_LEVEL = '{ sync(databaseId: 42) { status run(databaseId: 1060) { status records(first: 2) { nodes { databaseId } } } } }';

const codesOf = (body: unknown) =>
  ((body as { errors?: Array<{ path?: unknown[]; extensions?: { code?: unknown } }> }).errors ?? []).map((error) => [error.path, error.extensions?.code]);

describe.each([
  ['only the records selected', ONLY_RECORDS],
  ['fields of every level selected', EVERY_LEVEL],
])('with %s', (_what, query) => {
  it('a forbidden record list is FORBIDDEN on records', async () => {
    script({ records: forbidden });
    const body = await sameAnswer(query);
    expect(codesOf(body)).toEqual([[['sync', 'run', 'records'], 'FORBIDDEN']]);
  });

  it('a failing record list is UPSTREAM_ERROR on records', async () => {
    script({ records: failing });
    expect(codesOf(await sameAnswer(query))).toEqual([[['sync', 'run', 'records'], 'UPSTREAM_ERROR']]);
  });

  it('a missing sync is null', async () => {
    script({ sync: missing, run: missing, records: missing });
    expect(await sameAnswer(query)).toEqual({ data: { sync: null } });
  });

  it('a missing run is null', async () => {
    script({ run: missing, records: missing });
    const body = await sameAnswer(query);
    expect(body).toMatchObject({ data: { sync: { run: null } } });
    expect(codesOf(body)).toEqual([]);
  });
});

describe('failures on the levels whose own fields are selected', () => {
  it('a failing sync is UPSTREAM_ERROR on sync', async () => {
    script({ sync: failing });
    expect(codesOf(await sameAnswer(EVERY_LEVEL))).toEqual([[['sync'], 'UPSTREAM_ERROR']]);
  });

  it('a forbidden run is FORBIDDEN on run', async () => {
    script({ run: forbidden });
    expect(codesOf(await sameAnswer(EVERY_LEVEL))).toEqual([[['sync', 'run'], 'FORBIDDEN']]);
  });

  it('a caller without a token is refused the same way, before any work', async () => {
    script({});
    const ahead = await on.graphql(ONLY_RECORDS, {});
    const plain = await off.graphql(ONLY_RECORDS, {});
    expect(ahead.body).toEqual(plain.body);
    expect([ahead.status, plain.status]).toEqual([401, 401]);
    expect(ahead.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });
});
