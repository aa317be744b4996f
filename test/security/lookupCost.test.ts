/**
 * The cost estimate of lookups (`nodes(ids:)` and `_entities(representations:)`) next to the upstream
 * requests the same operation really makes against the demo upstream. One gateway runs each operation
 * with the default limits; a second one over the same upstream, with MAX_QUERY_COST=1 and
 * INTROSPECTION=true, refuses it and says its estimate, read from the message.
 */
import { DEMO_WORKSPACE_ID } from '../../demo/src/credentials';
import type { DemoSyncRecord, DemoSyncRun } from '../../demo/src/types';
import { encodeGlobalId } from '../../src/globalId';
import { startHarness, type Harness } from '../support/harness';
import { dataOf, firstErrorOf, firstOf, itemOf, lastOf } from '../support/response';

/** The record scan's bound (src/resources/syncRecord.ts): pages of 500, at most 20 of them per run. */
const SCAN_PAGES = 20;
const SCAN_PAGE_SIZE = 500;

let gateway: Harness;
let strict: Harness;

beforeAll(async () => {
  gateway = await startHarness();
  strict = await startHarness({ env: { MAX_QUERY_COST: '1', INTROSPECTION: 'true' }, upstream: gateway.upstream });
});
afterAll(async () => {
  await strict.close();
  await gateway.close();
});

const store = () => gateway.upstream.store;
const syncs = () => store().listSyncs(DEMO_WORKSPACE_ID);
const runs = (): DemoSyncRun[] => syncs().flatMap((sync) => store().listRuns(sync.id));
const recordId = (run: DemoSyncRun, record: DemoSyncRecord) => encodeGlobalId({ type: 'SyncRecord', syncId: run.syncId, runId: run.id, recordId: record.id });

const NODES = 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }';
const ENTITIES = 'query ($representations: [_Any!]!) { _entities(representations: $representations) { __typename } }';

/** The strict gateway's estimate of the operation, then the upstream requests the other one makes for it. */
async function measure(query: string, variables: Record<string, unknown>): Promise<{ estimate: number; requests: number }> {
  gateway.upstream.clearLog();
  const refusal = firstErrorOf(await strict.graphql(query, variables));
  expect(refusal.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  expect(gateway.upstream.requests).toHaveLength(0);
  const estimate = Number(/its estimated cost is (\d+) /.exec(refusal.message)?.[1]);
  dataOf(await gateway.graphql(query, variables));
  return { estimate, requests: gateway.upstream.requests.length };
}

describe('the estimate of a lookup next to the upstream requests it makes', () => {
  it('counts ids of syncs, runs, connectors and models at the one request each makes', async () => {
    const ids = [
      ...syncs().map((sync) => encodeGlobalId({ type: 'Sync', syncId: sync.id })),
      ...runs().slice(0, 30).map((run) => encodeGlobalId({ type: 'SyncRun', syncId: run.syncId, runId: run.id })),
      ...store().listConnectors(DEMO_WORKSPACE_ID).map((connector) => encodeGlobalId({ type: 'Connector', connectorId: connector.id })),
      ...store().listModels(DEMO_WORKSPACE_ID).map((model) => encodeGlobalId({ type: 'Model', modelId: model.id })),
    ].slice(0, 100);
    expect(ids).toHaveLength(98);
    expect(await measure(NODES, { ids })).toEqual({ estimate: 98, requests: 98 });
  });

  it('counts ids of records of one run at one scan of that run, which the requests stay within', async () => {
    const run = runs().find((candidate) => store().listRecords(candidate.id).length > SCAN_PAGE_SIZE) as DemoSyncRun;
    // Every sixth record: 100 ids, spread over both of the run's scan pages.
    const ids = store().listRecords(run.id).filter((_record, index) => index % 6 === 0).map((record) => recordId(run, record));
    expect(ids).toHaveLength(100);
    expect(await measure(NODES, { ids })).toEqual({ estimate: SCAN_PAGES, requests: 2 });
  });

  it('counts ids of records of several runs at one scan per run, which the requests stay within', async () => {
    const someRuns = runs().filter((run) => store().listRecords(run.id).length > 0).slice(0, 25);
    const ids = someRuns.map((run) => recordId(run, firstOf(store().listRecords(run.id))));
    expect(await measure(NODES, { ids })).toEqual({ estimate: SCAN_PAGES * 25, requests: 25 });
  });

  it('counts _entities by __typename and key, an object named twice once, as its requests do', async () => {
    const [first, second] = [itemOf(syncs(), 0), itemOf(syncs(), 1)];
    const someRuns = runs().slice(0, 40);
    const representations = [
      { __typename: 'Sync', databaseId: first.id },
      { __typename: 'Sync', id: encodeGlobalId({ type: 'Sync', syncId: first.id }) },
      { __typename: 'Sync', databaseId: second.id },
      ...someRuns.map((run) => ({ __typename: 'SyncRun', syncDatabaseId: run.syncId, databaseId: run.id })),
      ...store().listConnectors(DEMO_WORKSPACE_ID).map((connector) => ({ __typename: 'Connector', databaseId: connector.id })),
      ...store().listModels(DEMO_WORKSPACE_ID).map((model) => ({ __typename: 'Model', databaseId: model.id })),
    ];
    const distinct = representations.length - 1;
    expect(await measure(ENTITIES, { representations })).toEqual({ estimate: distinct, requests: distinct });
  });
});

describe('record lookups by id', () => {
  it('reads only as many pages of a run as the ids asked for need', async () => {
    const run = runs().find((candidate) => store().listRecords(candidate.id).length > SCAN_PAGE_SIZE) as DemoSyncRun;
    const ids = store().listRecords(run.id).slice(0, 100).map((record) => recordId(run, record));
    gateway.upstream.clearLog();
    const answer = await gateway.graphql<{ nodes: Array<{ id: string } | null> }>(NODES, { ids });
    expect(dataOf(answer).nodes).toEqual(ids.map((id) => ({ id })));
    expect(gateway.upstream.requests).toHaveLength(1);
  });
});

describe('the hostile lookups are refused under a small MAX_QUERY_COST before any upstream request', () => {
  it('refuses nodes(ids:) with 100 record ids of different runs', async () => {
    const ids = runs().filter((run) => store().listRecords(run.id).length > 0).slice(0, 100)
      .map((run) => recordId(run, firstOf(store().listRecords(run.id))));
    gateway.upstream.clearLog();
    const answer = await strict.graphql(`{ nodes(ids: [${ids.map((id) => JSON.stringify(id)).join(', ')}]) { id } }`);
    expect({ status: answer.status, errors: answer.body.errors }).toEqual({
      status: 400,
      errors: [expect.objectContaining({
        message: `The query could fetch too much: its estimated cost is ${100 * SCAN_PAGES} and the gateway allows at most 1; ask for smaller pages with first/last.`,
        extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX' }),
      })],
    });
    expect(gateway.upstream.requests).toHaveLength(0);
  });

  it('refuses _entities with 100 representations', async () => {
    const representations = runs().slice(0, 100).map((run) => `{ __typename: "SyncRun", syncDatabaseId: ${run.syncId}, databaseId: ${run.id} }`);
    gateway.upstream.clearLog();
    const answer = await strict.graphql(`{ _entities(representations: [${representations.join(', ')}]) { __typename } }`);
    expect({ status: answer.status, errors: answer.body.errors }).toEqual({
      status: 400,
      errors: [expect.objectContaining({
        message: 'The query could fetch too much: its estimated cost is 100 and the gateway allows at most 1; ask for smaller pages with first/last.',
        extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX' }),
      })],
    });
    expect(gateway.upstream.requests).toHaveLength(0);
  });
});

// Last: it fills a run of the shared demo store.
describe('a run at the record scan bound', () => {
  it('takes exactly the estimated requests to find its last record', async () => {
    const run = lastOf(runs().filter((candidate) => store().listRecords(candidate.id).length > 0));
    while (store().listRecords(run.id).length < SCAN_PAGES * SCAN_PAGE_SIZE) store().insertRecord(run.id);
    const ids = [recordId(run, lastOf(store().listRecords(run.id)))];
    expect(await measure(NODES, { ids })).toEqual({ estimate: SCAN_PAGES, requests: SCAN_PAGES });
  });
});
