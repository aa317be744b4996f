/**
 * `_entities` called directly on the subgraph (as a router does, or as anyone who can reach it might):
 * every key of every entity, batching, and the validation of crafted representations.
 */
import { encodeGlobalId } from '../../src/globalId';
import { startHarness, type Harness } from '../support/harness';
import { dataOf, firstErrorOf, firstOf, partialDataOf } from '../support/response';
import { restAll, restGet, type ConnectorAttributes, type ModelAttributes, type Resource, type SingleBody, type SyncAttributes, type SyncRunAttributes } from '../support/rest';

const ENTITIES = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on Sync { id databaseId status }
    ... on SyncRun { id databaseId syncDatabaseId runStatus: status }
    ... on Connector { id databaseId name }
    ... on Model { id databaseId name }
  }
}`;

let harness: Harness;
let syncIds: number[];
let runs: Array<Resource<SyncRunAttributes>>;
let syncOfRuns: number;
let connectorId: number;
let modelId: number;

beforeAll(async () => {
  harness = await startHarness();
  const syncs = await restAll<SyncAttributes>(harness.upstream.url, '/api/v1/syncs');
  syncIds = syncs.map((sync) => Number(sync.id));
  syncOfRuns = firstOf(syncIds, 'the sync ids');
  runs = await restAll<SyncRunAttributes>(harness.upstream.url, `/api/v1/syncs/${syncOfRuns}/sync_runs`);
  connectorId = firstOf(syncs, 'the REST syncs').attributes.source_id;
  modelId = firstOf(syncs, 'the REST syncs').attributes.model_id;
  expect(syncIds.length).toBeGreaterThanOrEqual(12);
  expect(runs.length).toBeGreaterThanOrEqual(2);
});
afterAll(() => harness.close());
beforeEach(() => harness.upstream.clearLog());

type EntitiesData = { _entities: Array<{ databaseId: number } | null> };
const entities = (representations: unknown, headers?: Record<string, string>) => harness.graphql<EntitiesData>(ENTITIES, { representations }, headers);

describe('_entities resolves every key of every entity', () => {
  it('Sync by id and by databaseId', async () => {
    const [a, b] = syncIds as [number, number];
    const response = await entities([
      { __typename: 'Sync', databaseId: a },
      { __typename: 'Sync', id: encodeGlobalId({ type: 'Sync', syncId: b }) },
    ]);
    expect(response.body.errors).toBeUndefined();
    const restA = (await restGet<SingleBody<SyncAttributes>>(harness.upstream.url, `/api/v1/syncs/${a}`)).data;
    expect(dataOf(response)._entities).toEqual([
      { __typename: 'Sync', id: encodeGlobalId({ type: 'Sync', syncId: a }), databaseId: a, status: restA.attributes.status.toUpperCase() },
      expect.objectContaining({ __typename: 'Sync', id: encodeGlobalId({ type: 'Sync', syncId: b }), databaseId: b }),
    ]);
  });

  it('SyncRun by id and by the compound key syncDatabaseId + databaseId', async () => {
    const [r0, r1] = runs.map((run) => Number(run.id)) as [number, number];
    const response = await entities([
      { __typename: 'SyncRun', syncDatabaseId: syncOfRuns, databaseId: r0 },
      { __typename: 'SyncRun', id: encodeGlobalId({ type: 'SyncRun', syncId: syncOfRuns, runId: r1 }) },
    ]);
    expect(response.body.errors).toBeUndefined();
    expect(dataOf(response)._entities).toEqual([
      { __typename: 'SyncRun', id: encodeGlobalId({ type: 'SyncRun', syncId: syncOfRuns, runId: r0 }), databaseId: r0, syncDatabaseId: syncOfRuns, runStatus: firstOf(runs).attributes.status.toUpperCase() },
      expect.objectContaining({ __typename: 'SyncRun', databaseId: r1, syncDatabaseId: syncOfRuns }),
    ]);
    expect(harness.upstream.requests.map((request) => request.path).sort()).toEqual(
      [`/api/v1/syncs/${syncOfRuns}/sync_runs/${r0}`, `/api/v1/syncs/${syncOfRuns}/sync_runs/${r1}`].sort(),
    );
  });

  it('Connector and Model by id and by databaseId', async () => {
    const response = await entities([
      { __typename: 'Connector', databaseId: connectorId },
      { __typename: 'Connector', id: encodeGlobalId({ type: 'Connector', connectorId }) },
      { __typename: 'Model', databaseId: modelId },
      { __typename: 'Model', id: encodeGlobalId({ type: 'Model', modelId }) },
    ]);
    expect(response.body.errors).toBeUndefined();
    const connector = (await restGet<SingleBody<ConnectorAttributes>>(harness.upstream.url, `/api/v1/connectors/${connectorId}`)).data;
    const model = (await restGet<SingleBody<ModelAttributes>>(harness.upstream.url, `/api/v1/models/${modelId}`)).data;
    const c = { __typename: 'Connector', id: encodeGlobalId({ type: 'Connector', connectorId }), databaseId: connectorId, name: connector.attributes.name };
    const m = { __typename: 'Model', id: encodeGlobalId({ type: 'Model', modelId }), databaseId: modelId, name: model.attributes.name };
    expect(dataOf(response)._entities).toEqual([c, c, m, m]);
  });

  it('answers null for an entity that does not exist, or a run under another sync, and fails no other', async () => {
    const response = await entities([
      { __typename: 'Sync', databaseId: 987654321 },
      { __typename: 'SyncRun', syncDatabaseId: syncIds[1], databaseId: Number(firstOf(runs).id) },
      { __typename: 'Sync', databaseId: syncIds[1] },
    ]);
    expect(response.body.errors).toBeUndefined();
    expect(dataOf(response)._entities).toEqual([null, null, expect.objectContaining({ databaseId: syncIds[1] })]);
  });

  it('answers the caller-scoped error per entity when the caller has no token, with no upstream request', async () => {
    const response = await entities([{ __typename: 'Sync', databaseId: syncIds[0] }], {});
    expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(harness.upstream.requests).toHaveLength(0);
  });
});

describe('_entities batches through the per-request loaders', () => {
  it('N representations cost one upstream request per distinct object, sent concurrently, whatever key they use', async () => {
    const distinct = syncIds.slice(0, 10);
    // 30 representations: each sync three times, by databaseId, by id, and by databaseId again.
    const representations = distinct.flatMap((syncId) => [
      { __typename: 'Sync', databaseId: syncId },
      { __typename: 'Sync', id: encodeGlobalId({ type: 'Sync', syncId }) },
      { __typename: 'Sync', databaseId: syncId, somethingElse: 'ignored' },
    ]);
    // The responses are held until all 10 requests have arrived: it fills only if they were in flight together.
    const gate = harness.upstream.holdResponses(distinct.length);
    const response = await entities(representations);
    const outcome = await gate.opened;
    expect(response.body.errors).toBeUndefined();
    expect(dataOf(response)._entities.map((entity) => entity?.databaseId)).toEqual(distinct.flatMap((id) => [id, id, id]));
    const requests = harness.upstream.requests;
    expect(requests.map((request) => request.path).sort()).toEqual(distinct.map((id) => `/api/v1/syncs/${id}`).sort());
    expect(outcome).toEqual({ filled: true, arrived: 10, expected: 10 });
  });

  it('shares the loaders with the rest of the request: an entity already loaded costs nothing more', async () => {
    const [a] = syncIds as [number];
    const response = await harness.graphql(
      `query ($representations: [_Any!]!) {
        sync(databaseId: ${a}) { databaseId }
        _entities(representations: $representations) { ... on Sync { databaseId } }
      }`,
      { representations: [{ __typename: 'Sync', databaseId: a }] },
    );
    expect(response.body.errors).toBeUndefined();
    expect(harness.upstream.requests.map((request) => request.path)).toEqual([`/api/v1/syncs/${a}`]);
  });
});

describe('representations are validated like arguments', () => {
  const syncGlobalId = () => encodeGlobalId({ type: 'Sync', syncId: firstOf(syncIds, 'the sync ids') });
  const crafted: Array<[string, unknown]> = [
    ['a path in databaseId', { __typename: 'Sync', databaseId: '1/../../workspaces' }],
    ['a numeric string databaseId', { __typename: 'Sync', databaseId: '7' }],
    ['a negative databaseId', { __typename: 'Sync', databaseId: -1 }],
    ['a zero databaseId', { __typename: 'Sync', databaseId: 0 }],
    ['a fractional databaseId', { __typename: 'Sync', databaseId: 1.5 }],
    ['an unsafe integer databaseId', { __typename: 'Sync', databaseId: 2 ** 60 }],
    ['an object databaseId', { __typename: 'Sync', databaseId: { $gt: 0 } }],
    ['a global id of another type', { __typename: 'Sync', id: encodeGlobalId({ type: 'Connector', connectorId: 1 }) }],
    ['a run global id for a Sync', { __typename: 'Sync', id: encodeGlobalId({ type: 'SyncRun', syncId: 1, runId: 2 }) }],
    ['an id that is not a global id', { __typename: 'Sync', id: 'not a global id!' }],
    ['a forged global id with a path', { __typename: 'Sync', id: Buffer.from('Sync:../1').toString('base64url') }],
    ['a numeric id', { __typename: 'Sync', id: 5 }],
    ['no key field', { __typename: 'Sync' }],
    ['half the SyncRun compound key', { __typename: 'SyncRun', databaseId: 5 }],
    ['an id and a databaseId that disagree', { __typename: 'Sync', id: encodeGlobalId({ type: 'Sync', syncId: 1 }), databaseId: 2 }],
    ['a type that is not an entity (SyncRecord)', { __typename: 'SyncRecord', id: encodeGlobalId({ type: 'SyncRecord', syncId: 1, runId: 2, recordId: 3 }) }],
    ['a value type (PageInfo)', { __typename: 'PageInfo', hasNextPage: true }],
    ['an unknown type', { __typename: 'Nope', id: 'x' }],
    ['an introspection type', { __typename: '__Schema' }],
    ['a prototype key', { __typename: '__proto__', databaseId: 1 }],
    ['no __typename', { databaseId: 1 }],
    ['a string', 'Sync:1'],
    ['a number', 1],
    ['a list', [{ __typename: 'Sync', databaseId: 1 }]],
  ];

  it.each(crafted)('fails only the item of %s, with BAD_USER_INPUT and its path, and no upstream request for it', async (_name, representation) => {
    const response = await entities([{ __typename: 'Sync', databaseId: syncIds[0] }, representation]);
    expect(partialDataOf(response)._entities).toEqual([expect.objectContaining({ databaseId: syncIds[0] }), null]);
    expect(response.body.errors).toHaveLength(1);
    expect(firstErrorOf(response).extensions?.code).toBe('BAD_USER_INPUT');
    expect(firstErrorOf(response).message).toMatch(/^Argument "representations\[1\]/);
    expect(firstErrorOf(response).path).toEqual(['_entities', 1]);
    expect(harness.upstream.requests.map((request) => request.path)).toEqual([`/api/v1/syncs/${syncIds[0]}`]);
  });

  it('accepts an id and a databaseId that agree', async () => {
    const response = await entities([{ __typename: 'Sync', id: syncGlobalId(), databaseId: syncIds[0] }]);
    expect(response.body.errors).toBeUndefined();
    expect(dataOf(response)._entities).toEqual([expect.objectContaining({ databaseId: syncIds[0] })]);
  });

  it('validates inline literals the same way as variables', async () => {
    const response = await harness.graphql(`{ _entities(representations: [{ __typename: "Sync", databaseId: "1/../2" }]) { __typename } }`);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(harness.upstream.requests).toHaveLength(0);
  });
});

describe('many _entities fields in one request, as Hive Gateway merges them', () => {
  const fields = (n: number) => Array.from({ length: n }, (_, i) => `_v${i}__entities: _entities(representations: $r) { ... on Sync { s${i}: status } }`).join('\n');

  it('judges each field on its own: 25 fields with an alias each are answered, one upstream request per distinct sync', async () => {
    const [a, b] = syncIds as [number, number];
    const response = await harness.graphql<Record<string, Array<Record<string, string>>>>(`query ($r: [_Any!]!) { ${fields(25)} }`, {
      r: [{ __typename: 'Sync', databaseId: a }, { __typename: 'Sync', databaseId: b }],
    });
    expect(response.body.errors).toBeUndefined();
    expect(Object.keys(dataOf(response))).toHaveLength(25);
    expect(dataOf(response)._v24__entities).toEqual([{ s24: expect.any(String) }, { s24: expect.any(String) }]);
    expect(harness.upstream.requests.map((request) => request.path).sort()).toEqual([`/api/v1/syncs/${a}`, `/api/v1/syncs/${b}`].sort());
  });

  it('refuses more _entities fields than MAX_ENTITY_REPRESENTATIONS before parsing, with no upstream request', async () => {
    const response = await harness.graphql(`query ($r: [_Any!]!) { ${fields(101)} }`, { r: [{ __typename: 'Sync', databaseId: syncIds[0] }] });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ message: 'The query selects 101 _entities fields; the gateway allows at most 100.', extensions: { code: 'QUERY_TOO_COMPLEX' } }]);
    expect(harness.upstream.requests).toHaveLength(0);
  });
});

describe('the number of representations per request is capped', () => {
  it('rejects more than MAX_ENTITY_REPRESENTATIONS (default 100) distinct representations before any upstream request', async () => {
    // Syncs 1 to 101: distinct references, whether or not each exists.
    const representations = Array.from({ length: 101 }, (_, index) => ({ __typename: 'Sync', databaseId: index + 1 }));
    const response = await entities(representations);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.message).toBe('A request may ask for at most 100 distinct entity representations, this one asks for 101.');
    expect(harness.upstream.requests).toHaveLength(0);
    const atCap = await entities(representations.slice(0, 100));
    expect(atCap.body.errors).toBeUndefined();
  });

  it('counts equal representations once, whatever key names the object, and each invalid one on its own', async () => {
    const distinct = syncIds.slice(0, 34);
    // 102 representations of 34 syncs: by databaseId, by global id, by databaseId again.
    const repeated = distinct.flatMap((syncId) => [
      { __typename: 'Sync', databaseId: syncId },
      { __typename: 'Sync', id: encodeGlobalId({ type: 'Sync', syncId }) },
      { __typename: 'Sync', databaseId: syncId },
    ]);
    const response = await entities(repeated);
    expect(response.body.errors).toBeUndefined();
    expect(dataOf(response)._entities.map((entity) => entity?.databaseId)).toEqual(distinct.flatMap((id) => [id, id, id]));
    expect(harness.upstream.requests).toHaveLength(34);

    harness.upstream.clearLog();
    const junk = Array.from({ length: 101 }, () => ({ __typename: 'Sync', databaseId: -1 }));
    const refused = await entities(junk);
    expect(refused.body.errors?.[0]?.message).toBe('A request may ask for at most 100 distinct entity representations, this one asks for 101.');
    expect(refused.body.errors).toHaveLength(1);
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('counts every _entities field of the request (aliases, fragments), with a configured cap, equal ones once', async () => {
    const capped = await startHarness({ upstream: harness.upstream, env: { MAX_ENTITY_REPRESENTATIONS: '3' } });
    try {
      const two = [
        { __typename: 'Sync', databaseId: syncIds[0] },
        { __typename: 'Sync', databaseId: syncIds[1] },
      ];
      const aliased = await capped.graphql(
        `query ($a: [_Any!]!, $b: [_Any!]!) {
          a: _entities(representations: $a) { __typename }
          ...More
        }
        fragment More on Query { b: _entities(representations: $b) { __typename } }`,
        { a: two, b: [two[0], { __typename: 'Sync', databaseId: syncIds[2] }, { __typename: 'Sync', databaseId: syncIds[3] }] },
      );
      expect(aliased.body.data).toBeNull();
      expect(aliased.body.errors?.every((error) => error.extensions?.code === 'BAD_USER_INPUT')).toBe(true);
      expect(aliased.body.errors?.[0]?.message).toBe('A request may ask for at most 3 distinct entity representations, this one asks for 4.');
      expect(harness.upstream.requests).toHaveLength(0);

      const within = await capped.graphql(`query ($a: [_Any!]!) { _entities(representations: $a) { __typename } }`, { a: two });
      expect(within.body.errors).toBeUndefined();
      expect(harness.upstream.requests).toHaveLength(2);
    } finally {
      await capped.close();
    }
  });
});
