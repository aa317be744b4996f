/**
 * The gateway behind Hive Gateway, configured with docs/federation.md's `gateway.config.ts` as printed (run by
 * ./documentedSnippet.ts; only the supergraph is handed over directly, and ROUTER_SECRET is set on both
 * sides). Hive merges parallel entity fetches to our subgraph into one request of aliased `_entities`
 * fields: the merged requests are asserted from the log of what our subgraph received, their upstream
 * cost from the demo upstream's log.
 */
import { startDemoUpstream, type DemoUpstream } from '../../demo/src/server';
import { demoHeaders } from '../support/harness';
import { dataOf, firstOf, partialDataOf } from '../support/response';
import { restAll, type Resource, type SyncRunAttributes } from '../support/rest';
import { startHiveSupergraph, type HiveOptions, type HiveSupergraph } from './hiveGateway';
import type { OwnershipData } from './ownershipSubgraph';
import { documentedSnippet, runSnippet } from './documentedSnippet';

const ROUTER_SECRET = 'hive-router-secret-for-tests';

let upstream: DemoUpstream;
let hive: HiveSupergraph;
let syncIds: number[];
let runs: Array<Resource<SyncRunAttributes>>;

beforeAll(async () => {
  upstream = await startDemoUpstream();
  syncIds = (await restAll(upstream.url, '/api/v1/syncs')).map((sync) => Number(sync.id));
  expect(syncIds.length).toBe(36);
  runs = await restAll<SyncRunAttributes>(upstream.url, `/api/v1/syncs/${syncIds[0]}/sync_runs`);
  const [run0, run1] = runs.map((run) => Number(run.id));
  const ownership: OwnershipData = {
    teams: [{ name: 'everything', slackChannel: '#everything', syncs: syncIds, connectors: [] }],
    incidents: [
      { id: 'INC-1', summary: 'Rows late', syncId: firstOf(syncIds), runId: Number(run0) },
      { id: 'INC-2', summary: 'Filed with a run id the ownership service mistyped', syncId: firstOf(syncIds), runId: -1 },
      { id: 'INC-3', summary: 'Failed records', syncId: firstOf(syncIds), runId: Number(run1) },
    ],
  };
  const { gatewayConfig } = await runSnippet(documentedSnippet('hive-gateway'), {
    modules: { '@graphql-hive/gateway': { defineConfig: (config: unknown) => config } },
    env: { ROUTER_SECRET },
  });
  const { supergraph: documentedLocation, ...config } = gatewayConfig as HiveOptions & { supergraph: string };
  expect(documentedLocation).toBe('./supergraph.graphql');
  hive = await startHiveSupergraph({ upstream, ownership, hive: config, routerSecret: ROUTER_SECRET });
});

afterAll(async () => {
  await hive?.close();
  await upstream?.close();
});

beforeEach(() => hive.clearLogs());

const toUs = () => hive.requests.filter((request) => request.subgraph === 'aisquared');
/** The `_entities` fields of one request, as `alias: _entities` or `_entities`. */
const entityFieldsOf = (query: string) => query.match(/(\w+:)?_entities\(/g) ?? [];
const upstreamPaths = () => upstream.requests.map((request) => request.path).sort();
const syncPaths = () => syncIds.map((id) => `/api/v1/syncs/${id}`).sort();

/** `{ teams { a0: syncs { s0: status } a1: ... } }`: n children that Hive fetches from us in n merged `_entities` fields. */
function aliasedChildren(n: number): string {
  return `{ teams { name ${Array.from({ length: n }, (_, i) => `a${i}: syncs { s${i}: status }`).join(' ')} } }`;
}

describe('Hive Gateway merges entity fetches into one request', () => {
  it('sends one request of aliased _entities fields, which costs one upstream request per distinct sync', async () => {
    const response = await hive.query<{ teams: Array<{ first: Array<{ status: string }>; second: Array<{ scheduleType: string }> }> }>(
      '{ teams { first: syncs { status } second: syncs { scheduleType } } }',
      undefined,
      demoHeaders,
    );
    const [team] = dataOf(response).teams;
    expect(team?.first).toHaveLength(36);
    expect(team?.second).toHaveLength(36);
    expect(toUs()).toHaveLength(1);
    const aliased = expect.stringMatching(/^\w+:_entities\($/);
    expect(entityFieldsOf(firstOf(toUs()).query)).toEqual([aliased, aliased]);
    expect(upstreamPaths()).toEqual(syncPaths());
  });

  it('answers a query with 21 aliased children (one merged request of 21 _entities fields) with data', async () => {
    const response = await hive.query<{ teams: Array<Record<string, unknown>> }>(aliasedChildren(21), undefined, demoHeaders);
    expect(response.body.errors).toBeUndefined();
    const team = firstOf(dataOf(response).teams);
    expect(team.a20).toHaveLength(36);
    expect(team.a20).toEqual(expect.arrayContaining([{ s20: expect.stringMatching(/^[A-Z_]+$/) }]));
    expect(toUs()).toHaveLength(1);
    expect(entityFieldsOf(firstOf(toUs()).query)).toHaveLength(21);
    expect(upstreamPaths()).toEqual(syncPaths());
  });

  it('answers 31 aliased children with data too (more fields and aliases than one caller query may hold)', async () => {
    const response = await hive.query<{ teams: Array<Record<string, unknown>> }>(aliasedChildren(31), undefined, demoHeaders);
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(firstOf(dataOf(response).teams).a30).toHaveLength(36);
    expect(entityFieldsOf(firstOf(toUs()).query)).toHaveLength(31);
  });

  it('fills all 108 representations of 36 distinct syncs (three sibling fields over the same syncs)', async () => {
    const response = await hive.query<{ teams: Array<{ a: Array<{ status: string }>; b: Array<{ scheduleType: string }>; c: Array<{ syncInterval: number | null }> }> }>(
      '{ teams { a: syncs { status } b: syncs { scheduleType } c: syncs { syncInterval } } }',
      undefined,
      demoHeaders,
    );
    expect(response.body.errors).toBeUndefined();
    const team = firstOf(dataOf(response).teams);
    expect([team.a, team.b, team.c].map((list) => list.filter((sync) => Object.values(sync).length === 1).length)).toEqual([36, 36, 36]);
    const sent = Object.values(firstOf(toUs()).variables).flat() as Array<{ databaseId: number }>;
    expect(sent).toHaveLength(108);
    expect(new Set(sent.map((representation) => representation.databaseId)).size).toBe(36);
    expect(upstreamPaths()).toEqual(syncPaths());
  });

  it('fails only the item of an invalid representation, and resolves the others of its batch', async () => {
    const response = await hive.query<{ incidents: Array<{ id: string; run: { databaseId: number; status: string } | null }> }>(
      '{ incidents { id run { databaseId status } } }',
      undefined,
      demoHeaders,
    );
    const [run0, run1] = runs.map((run) => Number(run.id));
    expect(partialDataOf(response).incidents).toEqual([
      { id: 'INC-1', run: { databaseId: run0, status: expect.any(String) } },
      { id: 'INC-2', run: null },
      { id: 'INC-3', run: { databaseId: run1, status: expect.any(String) } },
    ]);
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^Argument "representations\[1\]\.databaseId"/),
        // Hive places an entity's error on the first field it asked of that entity.
        path: ['incidents', 1, 'run', 'status'],
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
      }),
    ]);
  });
});

describe('headers and Relay ids through Hive Gateway', () => {
  it("propagates only the caller's Authorization and Workspace-Id, and the router's own secret", async () => {
    const response = await hive.query('{ teams { syncs { status } } }', undefined, {
      ...demoHeaders,
      cookie: 'session=secret',
      'x-forwarded-for': '203.0.113.9',
      'router-secret': 'a guess by the caller',
    });
    expect(response.body.errors).toBeUndefined();
    for (const request of toUs()) {
      expect(Object.keys(request.headers).sort()).toEqual(['accept', 'authorization', 'content-type', 'router-secret', 'workspace-id']);
      expect(request.headers).toMatchObject({ ...demoHeaders, 'router-secret': ROUTER_SECRET });
    }
    expect(upstream.requests.length).toBe(36);
    for (const request of upstream.requests) {
      expect(request.headers).toMatchObject(demoHeaders);
      expect(request.headers.cookie).toBeUndefined();
      expect(request.headers['router-secret']).toBeUndefined();
    }
  });

  it('serves node(id:) from our subgraph and adds the owner from the other', async () => {
    const list = await hive.query<{ syncs: { nodes: Array<{ id: string; databaseId: number }> } }>('{ syncs(first: 1) { nodes { id databaseId } } }', undefined, demoHeaders);
    const sync = firstOf(dataOf(list).syncs.nodes);
    hive.clearLogs();
    const response = await hive.query<{ node: unknown }>(
      'query ($id: ID!) { node(id: $id) { __typename id ... on Sync { databaseId status owner { name } } } }',
      { id: sync.id },
      demoHeaders,
    );
    expect(dataOf(response).node).toEqual({ __typename: 'Sync', id: sync.id, databaseId: sync.databaseId, status: expect.any(String), owner: { name: 'everything' } });
    expect(firstOf(toUs()).query).toContain('node(id:');
    expect(upstreamPaths()).toEqual([`/api/v1/syncs/${sync.databaseId}`]);
  });
});
