/**
 * The gateway in a real supergraph: composed with a second subgraph (ownership) by @apollo/composition,
 * served by an in-process @apollo/gateway router on loopback, queried across both subgraphs. Entity
 * batches are asserted from the demo upstream's request log; header propagation from what the upstream
 * received.
 */
import { OTHER_TOKEN, OTHER_WORKSPACE_ID } from '../../demo/src/credentials';
import { startDemoUpstream, type DemoUpstream, type GateOutcome, type UpstreamRequestLogEntry } from '../../demo/src/server';
import { demoHeaders } from '../support/harness';
import { dataOf, defined, errorsOf, firstOf, itemOf, partialDataOf } from '../support/response';
import { restAll, restGet, type ConnectorAttributes, type Resource, type SingleBody, type SyncAttributes, type SyncRunAttributes } from '../support/rest';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import type { OwnershipData } from './ownershipSubgraph';
import { composeSupergraph, startSupergraph, type Supergraph } from './supergraph';

let upstream: DemoUpstream;
let supergraph: Supergraph;
let syncIds: number[];
let runsOfFirst: Array<Resource<SyncRunAttributes>>;
let runsOfThird: Array<Resource<SyncRunAttributes>>;
let connectorIds: string[];
let ownership: OwnershipData;

beforeAll(async () => {
  upstream = await startDemoUpstream();
  const syncs = await restAll(upstream.url, '/api/v1/syncs');
  syncIds = syncs.map((sync) => Number(sync.id));
  expect(syncIds.length).toBeGreaterThanOrEqual(8);
  runsOfFirst = await restAll<SyncRunAttributes>(upstream.url, `/api/v1/syncs/${syncIds[0]}/sync_runs`);
  runsOfThird = await restAll<SyncRunAttributes>(upstream.url, `/api/v1/syncs/${syncIds[2]}/sync_runs`);
  expect(runsOfFirst.length).toBeGreaterThanOrEqual(2);
  expect(runsOfThird.length).toBeGreaterThanOrEqual(1);
  const [s0, s1, s2, s3, s4] = syncIds as [number, number, number, number, number];

  ownership = {
    teams: [
      // s1 is listed by both teams: the router sends its representation twice.
      { name: 'data-platform', slackChannel: '#data-platform', syncs: [s0, s1, s2], connectors: [] },
      { name: 'growth', slackChannel: '#growth', syncs: [s3, s4, s1], connectors: [] },
    ],
    incidents: [
      { id: 'INC-1', summary: 'Rows late', syncId: s0, runId: Number(firstOf(runsOfFirst).id) },
      { id: 'INC-2', summary: 'Rows late again', syncId: s0, runId: Number(firstOf(runsOfFirst).id) },
      { id: 'INC-3', summary: 'Failed records', syncId: s0, runId: Number(itemOf(runsOfFirst, 1).id) },
      { id: 'INC-4', summary: 'Slow', syncId: s2, runId: Number(firstOf(runsOfThird).id) },
      { id: 'INC-5', summary: 'Filed against a run that does not exist', syncId: s0, runId: 987654321 },
      { id: 'INC-6', summary: 'Filed with the wrong sync', syncId: s3, runId: Number(firstOf(runsOfFirst).id) },
    ],
  };
  supergraph = await startSupergraph({ upstream, ownership });

  // The connectors' Relay ids, as the ownership service stored them when a team adopted them.
  const first = await supergraph.ours.graphql<{ a: { source: { id: string }; destination: { id: string } }; b: { source: { id: string } } }>(
    `{ a: sync(databaseId: ${s0}) { source { id } destination { id } } b: sync(databaseId: ${s3}) { source { id } } }`,
  );
  const [c0, c1, c2] = [dataOf(first).a.source.id, dataOf(first).a.destination.id, dataOf(first).b.source.id];
  connectorIds = [c0, c1, c2];
  itemOf(ownership.teams, 0).connectors.push(c0, c1);
  itemOf(ownership.teams, 1).connectors.push(c2, c0);
});

afterAll(async () => {
  await supergraph?.close();
  await upstream?.close();
});

beforeEach(() => supergraph.clearLogs());

const entityFetches = () => supergraph.fetches.filter((fetch) => fetch.subgraph === 'aisquared' && fetch.query.includes('_entities'));
const upstreamPaths = () => upstream.requests.map((request) => request.path);

/**
 * Holds the upstream's answers to the next `count` matching requests until all of them have arrived.
 * Await `opened` right after the query, so no gate outlives its test.
 */
function holdUntilAllArrive(count: number, match?: (request: UpstreamRequestLogEntry) => boolean) {
  expect(count).toBeGreaterThan(1);
  return upstream.holdResponses(count, match ? { match } : {});
}

/** The gate filled: those requests were in flight together, not sent one after another. */
function expectConcurrent(outcome: GateOutcome, count: number) {
  expect(outcome).toEqual({ filled: true, arrived: count, expected: count });
}

function expectCallerHeaders(requests: UpstreamRequestLogEntry[], headers: { authorization: string; 'workspace-id': string }) {
  for (const request of requests) {
    expect(request.headers.authorization).toBe(headers.authorization);
    expect(request.headers['workspace-id']).toBe(headers['workspace-id']);
  }
}

describe('composition', () => {
  it('composes the served subgraph SDL with another subgraph that extends Sync, SyncRun and Connector by key', () => {
    const sdl = supergraph.supergraphSdl;
    expect(sdl).toContain('@join__graph(name: "aisquared"');
    expect(sdl).toContain('@join__graph(name: "ownership"');
    expect(sdl).toMatch(/type Sync implements Node[^{]*@join__type\(graph: AISQUARED, key: "id"\)[^{]*@join__type\(graph: AISQUARED, key: "databaseId"\)[^{]*@join__type\(graph: OWNERSHIP, key: "databaseId"\)/);
    expect(sdl).toMatch(/type SyncRun implements Node[^{]*@join__type\(graph: AISQUARED, key: "syncDatabaseId databaseId"\)[^{]*@join__type\(graph: OWNERSHIP, key: "syncDatabaseId databaseId"\)/);
    expect(sdl).toMatch(/type Connector implements Node[^{]*@join__type\(graph: OWNERSHIP, key: "id"\)/);
    expect(sdl).toMatch(/owner: Team @join__field\(graph: OWNERSHIP\)/);
  });

  it('fails loudly when a subgraph is incompatible (a composition error fails the suite)', async () => {
    const served = await supergraph.ours.graphql<{ _service: { sdl: string } }>('{ _service { sdl } }', undefined, {});
    const clashing = parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
      type Query { unused: Int }
      type Sync @key(fields: "databaseId") { databaseId: String! }
    `);
    const result = composeServices([
      { name: 'aisquared', typeDefs: parse(dataOf(served)._service.sdl), url: 'http://127.0.0.1:1/graphql' },
      { name: 'clashing', typeDefs: clashing, url: 'http://127.0.0.1:2/graphql' },
    ]);
    expect(result.errors?.map((error) => error.message).join('\n')).toMatch(/Sync\.databaseId/);
    expect(() => composeSupergraph(dataOf(served)._service.sdl, { aisquared: 'http://127.0.0.1:1', ownership: 'http://127.0.0.1:2' })).not.toThrow();
  });
});

describe('a query that crosses both subgraphs', () => {
  it('resolves Sync references from the other subgraph in one _entities batch: one upstream request per distinct sync, concurrently', async () => {
    const response = await supergraph.query<{ teams: Array<{ syncs: Array<{ databaseId: number; status: string; owner: { name: string }; source: { name: string } }> }> }>(
      `{ teams { name slackChannel syncs { id databaseId status scheduleType owner { name } source { name } } } }`,
      undefined,
      demoHeaders,
    );
    expect(response.body.errors).toBeUndefined();
    const teams = dataOf(response).teams;
    expect(teams.map((team) => team.syncs.map((sync) => sync.databaseId))).toEqual(ownership.teams.map((team) => team.syncs));
    for (const team of teams) {
      for (const sync of team.syncs) {
        const rest = (await restGet<SingleBody<SyncAttributes>>(upstream.url, `/api/v1/syncs/${sync.databaseId}`)).data;
        expect(sync.status).toBe(rest.attributes.status.toUpperCase());
        expect(sync.source.name).toBe(rest.attributes.source.name);
        expect(sync.owner.name).toBe(defined(ownership.teams.find((t) => t.syncs.includes(sync.databaseId)), 'the owning team').name);
      }
    }
    // The router sent the 6 representations (one sync twice) in a single _entities request.
    const fetches = entityFetches();
    expect(fetches).toHaveLength(1);
    expect(firstOf(fetches).variables?.representations).toEqual(ownership.teams.flatMap((team) => team.syncs).map((databaseId) => ({ __typename: 'Sync', databaseId })));
  });

  it('costs at most the distinct upstream requests, de-duplicated and concurrent (asserted from the upstream log)', async () => {
    const distinct = [...new Set(ownership.teams.flatMap((team) => team.syncs))];
    const gate = holdUntilAllArrive(distinct.length);
    const response = await supergraph.query(`{ teams { syncs { databaseId status } } }`, undefined, demoHeaders);
    const concurrency = await gate.opened;
    expect(response.body.errors).toBeUndefined();
    expect(entityFetches()).toHaveLength(1);
    expect(firstOf(entityFetches()).variables?.representations).toHaveLength(6);
    expect(upstreamPaths().sort()).toEqual(distinct.map((id) => `/api/v1/syncs/${id}`).sort());
    expectConcurrent(concurrency, distinct.length);
    expectCallerHeaders(upstream.requests, demoHeaders);
  });

  it('lets the other subgraph add fields to our syncs: a list from us, `owner` from them, no per-sync upstream request', async () => {
    const response = await supergraph.query<{ syncs: { nodes: Array<{ databaseId: number; owner: unknown }> } }>(
      `{ syncs(first: 6) { nodes { databaseId owner { name slackChannel } } } }`,
      undefined,
      demoHeaders,
    );
    expect(response.body.errors).toBeUndefined();
    const nodes = dataOf(response).syncs.nodes;
    expect(nodes.map((node) => node.databaseId)).toEqual(syncIds.slice(0, 6));
    for (const node of nodes) {
      const team = ownership.teams.find((t) => t.syncs.includes(node.databaseId));
      expect(node.owner).toEqual(team ? { name: team.name, slackChannel: team.slackChannel } : null);
    }
    expect(upstream.requests.length).toBeGreaterThan(0);
    expect(upstreamPaths().every((path) => path === '/api/v1/syncs')).toBe(true);
    // The router asked the ownership subgraph for the owners by our key.
    const ownershipEntities = supergraph.ownership.requests.filter((request) => request.query.includes('_entities'));
    expect(ownershipEntities).toHaveLength(1);
    expect(firstOf(ownershipEntities).variables?.representations).toEqual(syncIds.slice(0, 6).map((databaseId) => ({ __typename: 'Sync', databaseId })));
  });

  it("runs the example query of docs/federation.md (a list here, owners there, and back with runs)", async () => {
    const response = await supergraph.query<{ syncs: { nodes: unknown[] }; teams: Array<{ syncs: Array<{ lastRun: { nodes: unknown[] } }> }> }>(
      `query {
        syncs(first: 10) { nodes { databaseId status owner { name } } }
        teams { name syncs { databaseId status lastRun: runs(first: 1) { nodes { status } } } }
      }`,
      undefined,
      demoHeaders,
    );
    expect(response.body.errors).toBeUndefined();
    expect(dataOf(response).syncs.nodes).toHaveLength(10);
    for (const team of dataOf(response).teams) {
      for (const sync of team.syncs) expect(sync.lastRun.nodes.length).toBeLessThanOrEqual(1);
    }
    expect(firstOf(firstOf(dataOf(response).teams).syncs).lastRun.nodes).toHaveLength(1);
  });

  it('resolves SyncRun references by the compound key, then their syncs, then their owners (three hops)', async () => {
    const isRunRequest = (request: UpstreamRequestLogEntry) => request.path.includes('/sync_runs/');
    const distinctRuns = new Set(ownership.incidents.map((incident) => `/api/v1/syncs/${incident.syncId}/sync_runs/${incident.runId}`));
    const runGate = holdUntilAllArrive(distinctRuns.size, isRunRequest);
    const response = await supergraph.query<{ incidents: Array<{ id: string; run: unknown }> }>(
      `{ incidents { id run { id databaseId syncDatabaseId status sync { databaseId owner { name } } } } }`,
      undefined,
      demoHeaders,
    );
    const runConcurrency = await runGate.opened;
    const incidents = partialDataOf(response).incidents;
    const byId = Object.fromEntries(incidents.map((incident) => [incident.id, incident.run]));
    const [s0, , s2] = syncIds as [number, number, number];
    expect(byId['INC-1']).toMatchObject({ databaseId: Number(firstOf(runsOfFirst).id), syncDatabaseId: s0, status: firstOf(runsOfFirst).attributes.status.toUpperCase(), sync: { databaseId: s0, owner: { name: 'data-platform' } } });
    expect(byId['INC-2']).toEqual(byId['INC-1']);
    expect(byId['INC-3']).toMatchObject({ databaseId: Number(itemOf(runsOfFirst, 1).id), syncDatabaseId: s0 });
    expect(byId['INC-4']).toMatchObject({ databaseId: Number(firstOf(runsOfThird).id), syncDatabaseId: s2, sync: { databaseId: s2 } });
    // A run that does not exist, and a run asked for under the wrong sync, are null, never another sync's run.
    expect(byId['INC-5']).toBeNull();
    expect(byId['INC-6']).toBeNull();

    // One _entities request with the 6 run representations (one repeated) -> 5 distinct run requests,
    // then (in the same subgraph request) one request per distinct sync of the runs found.
    const fetches = entityFetches();
    expect(fetches).toHaveLength(1);
    expect(firstOf(fetches).variables?.representations).toEqual(
      ownership.incidents.map((incident) => ({ __typename: 'SyncRun', syncDatabaseId: incident.syncId, databaseId: incident.runId })),
    );
    const runRequests = upstream.requests.filter(isRunRequest);
    expect(runRequests.map((request) => request.path).sort()).toEqual([...distinctRuns].sort());
    expectConcurrent(runConcurrency, distinctRuns.size);
    const syncRequests = upstream.requests.filter((request) => /^\/api\/v1\/syncs\/\d+$/.test(request.path));
    expect(syncRequests.map((request) => request.path).sort()).toEqual([`/api/v1/syncs/${s0}`, `/api/v1/syncs/${s2}`].sort());
    expect(upstream.requests).toHaveLength(runRequests.length + syncRequests.length);
  });

  it('resolves Connector references by their Relay global id, de-duplicated', async () => {
    const response = await supergraph.query<{ teams: Array<{ connectors: Array<{ id: string; databaseId: number; name: string; steward: { name: string } }> }> }>(
      `{ teams { name connectors { id databaseId name connectorType steward { name } } } }`,
      undefined,
      demoHeaders,
    );
    expect(response.body.errors).toBeUndefined();
    const teams = dataOf(response).teams;
    expect(itemOf(teams, 0).connectors.map((connector) => connector.id)).toEqual(itemOf(ownership.teams, 0).connectors);
    expect(itemOf(teams, 1).connectors.map((connector) => connector.id)).toEqual(itemOf(ownership.teams, 1).connectors);
    for (const connector of teams.flatMap((team) => team.connectors)) {
      const rest = (await restGet<SingleBody<ConnectorAttributes>>(upstream.url, `/api/v1/connectors/${connector.databaseId}`)).data;
      expect(connector.name).toBe(rest.attributes.name);
      expect(connector.steward.name).toBe(defined(ownership.teams.find((team) => team.connectors.includes(connector.id)), 'the stewarding team').name);
    }
    upstream.clearLog();
    const distinct = new Set(connectorIds);
    const gate = holdUntilAllArrive(distinct.size);
    await supergraph.query(`{ teams { connectors { name } } }`, undefined, demoHeaders);
    const concurrency = await gate.opened;
    expect(upstream.requests).toHaveLength(distinct.size);
    expect(upstream.requests.every((request) => /^\/api\/v1\/connectors\/\d+$/.test(request.path))).toBe(true);
    expectConcurrent(concurrency, distinct.size);
  });
});

describe('headers through the router', () => {
  it("propagates the caller's Authorization and Workspace-Id to our subgraph and on to the upstream, and nothing else", async () => {
    const other = { authorization: `Bearer ${OTHER_TOKEN}`, 'workspace-id': String(OTHER_WORKSPACE_ID) };
    const rest = await restAll(upstream.url, '/api/v1/syncs', {}, other);
    expect(rest.length).toBeGreaterThan(0);
    supergraph.clearLogs();
    const response = await supergraph.query<{ syncs: { nodes: Array<{ databaseId: number }> } }>(`{ syncs(first: 100) { nodes { databaseId owner { name } } } }`, undefined, {
      ...other,
      cookie: 'session=secret',
      'x-forwarded-for': '203.0.113.9',
    });
    expect(response.body.errors).toBeUndefined();
    // The other user's workspace: different syncs from the demo user's.
    expect(dataOf(response).syncs.nodes.map((node) => node.databaseId)).toEqual(rest.map((sync) => Number(sync.id)));
    expect(upstream.requests.length).toBeGreaterThan(0);
    expectCallerHeaders(upstream.requests, other);
    for (const request of upstream.requests) {
      expect(request.headers.cookie).toBeUndefined();
      expect(request.headers['x-forwarded-for']).toBeUndefined();
    }
    const toUs = supergraph.fetches.filter((fetch) => fetch.subgraph === 'aisquared');
    expect(toUs.length).toBeGreaterThan(0);
    for (const fetch of toUs) {
      expect(fetch.headers).toMatchObject(other);
      expect(fetch.headers.cookie).toBeUndefined();
    }
  });

  it('answers UNAUTHENTICATED through the router, without an upstream request, when the caller sends no token', async () => {
    const response = await supergraph.query(`{ teams { name syncs { databaseId status } } }`);
    expect(response.body.errors?.length).toBeGreaterThan(0);
    expect(errorsOf(response).every((error) => error.extensions?.code === 'UNAUTHENTICATED')).toBe(true);
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('Relay and Federation together', () => {
  it('round-trips global ids through the router: node(id) is served by our subgraph, other fields are added by the other', async () => {
    const list = await supergraph.query<{ syncs: { nodes: Array<{ id: string; databaseId: number }> } }>(`{ syncs(first: 3) { nodes { id databaseId } } }`, undefined, demoHeaders);
    const first = firstOf(dataOf(list).syncs.nodes);
    supergraph.clearLogs();
    const response = await supergraph.query<{ node: unknown }>(
      `query ($id: ID!) { node(id: $id) { __typename id ... on Sync { databaseId status owner { name } } } }`,
      { id: first.id },
      demoHeaders,
    );
    expect(response.body.errors).toBeUndefined();
    expect(dataOf(response).node).toMatchObject({ __typename: 'Sync', id: first.id, databaseId: first.databaseId, owner: { name: 'data-platform' } });
    expect(supergraph.fetches[0]).toMatchObject({ subgraph: 'aisquared' });
    expect(firstOf(supergraph.fetches).query).toContain('node(id:');
    expect(upstreamPaths()).toEqual([`/api/v1/syncs/${first.databaseId}`]);
  });

  it('fetches a run by global id and adds its incidents from the other subgraph; nodes(ids) works the same', async () => {
    const runs = await supergraph.query<{ sync: { runs: { nodes: Array<{ id: string; databaseId: number }> } } }>(
      `{ sync(databaseId: ${syncIds[0]}) { runs(first: 2) { nodes { id databaseId } } } }`,
      undefined,
      demoHeaders,
    );
    const runNodes = dataOf(runs).sync.runs.nodes;
    const [run0, run1] = [itemOf(runNodes, 0), itemOf(runNodes, 1)];
    const response = await supergraph.query<{ node: unknown; nodes: unknown }>(
      `query ($id: ID!, $ids: [ID!]!) {
        node(id: $id) { ... on SyncRun { databaseId incidents { id } } }
        nodes(ids: $ids) { id ... on SyncRun { databaseId incidents { id } } ... on Sync { owner { name } } }
      }`,
      { id: run0.id, ids: [run1.id, run0.id] },
      demoHeaders,
    );
    expect(response.body.errors).toBeUndefined();
    const incidentsOf = (runId: number) => ownership.incidents.filter((i) => i.syncId === syncIds[0] && i.runId === runId).map((i) => ({ id: i.id }));
    expect(dataOf(response).node).toEqual({ databaseId: run0.databaseId, incidents: incidentsOf(run0.databaseId) });
    expect(dataOf(response).nodes).toEqual([
      { id: run1.id, databaseId: run1.databaseId, incidents: incidentsOf(run1.databaseId) },
      { id: run0.id, databaseId: run0.databaseId, incidents: incidentsOf(run0.databaseId) },
    ]);
  });

  it('rejects a malformed global id through the router with BAD_USER_INPUT', async () => {
    const response = await supergraph.query(`{ node(id: "not-a-global-id") { id } }`, undefined, demoHeaders);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(upstream.requests).toHaveLength(0);
  });
});
