/**
 * Query.connectors (filters, Relay paging, request counts) and Query.connector, over real HTTP.
 * Expected lists come from the demo store (an oracle independent of the REST layer); expected
 * attributes from the upstream's own REST answer.
 */
import { SECRET_CONFIGURATION_KEYS } from '../../demo/src/connectorCatalog';
import { DEMO_WORKSPACE_ID, OTHER_WORKSPACE_ID } from '../../demo/src/credentials';
import { MASKED_SECRET } from '../../demo/src/serialize';
import type { DemoConnector } from '../../demo/src/types';
import { maskSecrets } from '../../src/secrets';
import { startHarness, type Harness } from '../support/harness';
import { requestLines } from '../support/requestLog';
import { dataOf, firstOf } from '../support/response';
import { restAll, restGet, type ConnectorAttributes, type Resource, type SingleBody } from '../support/rest';
import { PAGE_SELECTION, traverse, type PageShape } from '../support/traverse';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.upstream.clearLog());

const FIELDS = 'id databaseId name description connectorType connectorName icon workspaceId configuration createdAt updatedAt';
const iso = (value: string) => new Date(value).toISOString();
const connectorGlobalId = (id: number) => Buffer.from(`Connector:${id}`).toString('base64url');
const failure = (path: string[], code: string, message: string) => ({ message, locations: expect.any(Array), path, extensions: { code } });

function expectedConnector(resource: Resource<ConnectorAttributes>) {
  const a = resource.attributes;
  return {
    id: connectorGlobalId(Number(resource.id)),
    databaseId: Number(resource.id),
    name: a.name,
    description: a.description,
    connectorType: a.connector_type.toUpperCase(),
    connectorName: a.connector_name,
    icon: a.icon,
    workspaceId: a.workspace_id,
    // The gateway masks any key that names a secret too (`access_key` is one the API leaves as it is).
    configuration: maskSecrets(a.configuration),
    createdAt: iso(a.created_at),
    updatedAt: iso(a.updated_at),
  };
}

/** Every secret value stored in the workspace's connector configurations (what must never leave). */
function storedSecrets(workspaceId: number): string[] {
  const secrets: string[] = [];
  const walk = (value: unknown) => {
    if (!value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (SECRET_CONFIGURATION_KEYS.has(key) && typeof child === 'string' && child !== MASKED_SECRET) secrets.push(child);
      else walk(child);
    }
  };
  h.upstream.store.listConnectors(workspaceId).forEach((connector) => walk(connector.configuration));
  return secrets;
}

const idsWhere = (predicate: (connector: DemoConnector) => boolean) =>
  h.upstream.store.listConnectors(DEMO_WORKSPACE_ID).filter(predicate).map((connector) => connector.id);

describe('Query.connectors', () => {
  it('lists every connector of the workspace, most recently updated first, with every attribute and secrets masked', async () => {
    const rest = await restAll<ConnectorAttributes>(h.upstream.url, '/api/v1/connectors');
    h.upstream.clearLog();
    const response = await h.graphql<{ connectors: { nodes: Array<{ databaseId: number }> } }>(`{ connectors(first: 100) { totalCount pageInfo { hasNextPage hasPreviousPage } nodes { ${FIELDS} } } }`);
    expect(response.body).toEqual({
      data: { connectors: { totalCount: rest.length, pageInfo: { hasNextPage: false, hasPreviousPage: false }, nodes: rest.map(expectedConnector) } },
    });
    expect(dataOf(response).connectors.nodes.map((node) => node.databaseId)).toEqual(idsWhere(() => true));
    // The upstream masks secrets; the gateway passes the mask on and never has anything else to leak.
    const text = JSON.stringify(response.body);
    expect(text).toContain(JSON.stringify(MASKED_SECRET));
    const secrets = storedSecrets(DEMO_WORKSPACE_ID);
    expect(secrets.length).toBeGreaterThan(3);
    secrets.forEach((secret) => expect(text).not.toContain(secret));
    // One request: a page large enough to show the list's end, so the total is known without another.
    expect(requestLines(h.upstream)).toEqual(['GET /api/v1/connectors?page=1&per_page=101']);
  });

  it.each([
    ['type: SOURCE', { type: 'source' }, (c: DemoConnector) => c.connectorType === 'source'],
    ['type: DESTINATION', { type: 'destination' }, (c: DemoConnector) => c.connectorType === 'destination'],
    ['category: DATA', { category: 'data' }, (c: DemoConnector) => c.category === 'data'],
    ['category: AI_ML', { category: 'ai_ml' }, (c: DemoConnector) => c.category === 'ai_ml'],
    ['subCategory: DATABASE', { sub_category: 'database' }, (c: DemoConnector) => c.subCategory === 'database'],
    ['subCategory: AI_ML_SERVICE', { sub_category: 'ai_ml_service' }, (c: DemoConnector) => c.subCategory === 'ai_ml_service'],
    ['subCategory: VECTOR', { sub_category: 'vector' }, (c: DemoConnector) => c.subCategory === 'vector'],
    ['type: DESTINATION, category: AI_ML', { type: 'destination', category: 'ai_ml' }, (c: DemoConnector) => c.connectorType === 'destination' && c.category === 'ai_ml'],
    ['type: SOURCE, category: DATA, subCategory: WEB', { type: 'source', category: 'data', sub_category: 'web' }, (c: DemoConnector) => c.connectorType === 'source' && c.subCategory === 'web'],
    ['type: DESTINATION, subCategory: LLM', { type: 'destination', sub_category: 'llm' }, (c: DemoConnector) => c.connectorType === 'destination' && c.subCategory === 'llm'],
  ])('filters by %s, sending the filter upstream', async (args, query, predicate) => {
    const expected = idsWhere(predicate);
    const response = await h.graphql(`{ connectors(${args}, first: 50) { totalCount nodes { databaseId } } }`);
    expect(response.body).toEqual({ data: { connectors: { totalCount: expected.length, nodes: expected.map((databaseId) => ({ databaseId })) } } });
    const sent = new URLSearchParams({ ...query, page: '1', per_page: '51' });
    sent.sort();
    expect(requestLines(h.upstream)).toEqual([`GET /api/v1/connectors?${decodeURIComponent(sent.toString())}`]);
  });

  it('has data for every filter value it tests (the filter tests above would be vacuous otherwise)', () => {
    const all = h.upstream.store.listConnectors(DEMO_WORKSPACE_ID);
    expect(new Set(all.map((c) => c.category))).toEqual(new Set(['data', 'ai_ml']));
    expect(new Set(all.map((c) => c.subCategory))).toEqual(new Set(['database', 'web', 'llm', 'vector', 'ai_ml_service']));
    expect(idsWhere((c) => c.connectorType === 'destination' && c.category === 'ai_ml').length).toBeGreaterThan(0);
  });

  it.each(['type', 'category', 'subCategory'])('refuses %s: UNKNOWN before any upstream request', async (argument) => {
    const response = await h.graphql(`{ connectors(${argument}: UNKNOWN) { totalCount } }`);
    expect(response.body).toEqual({
      data: null,
      errors: [failure(['connectors'], 'BAD_USER_INPUT', `Argument "${argument}" cannot be UNKNOWN; pick one of the listed values.`)],
    });
    expect(h.upstream.requests).toHaveLength(0);
  });

  it.each([
    ['forward', 4],
    ['backward', 3],
  ] as const)('pages %s through a filtered list, visiting every connector once in order', async (direction, size) => {
    const query = `query ($first: Int, $after: String, $last: Int, $before: String) {
      connectors(type: SOURCE, first: $first, after: $after, last: $last, before: $before) { ${PAGE_SELECTION} } }`;
    const walked = await traverse(h, query, {}, (data: { connectors: PageShape }) => data.connectors, direction, size);
    const expected = idsWhere((c) => c.connectorType === 'source');
    expect(walked.ids).toEqual(expected);
    expect(walked.pages).toBe(Math.ceil(expected.length / size));
    expect(new Set(walked.totalCounts)).toEqual(new Set([expected.length]));
  });

  it('costs one request for a first page, and refuses a cursor of a differently filtered list', async () => {
    const page = await h.graphql<{ connectors: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Array<{ databaseId: number }> } }>(`{ connectors(type: SOURCE, first: 2) { pageInfo { hasNextPage endCursor } nodes { databaseId } } }`);
    const sources = idsWhere((c) => c.connectorType === 'source');
    expect(dataOf(page).connectors.nodes).toEqual(sources.slice(0, 2).map((databaseId) => ({ databaseId })));
    expect(dataOf(page).connectors.pageInfo.hasNextPage).toBe(true);
    expect(requestLines(h.upstream)).toEqual(['GET /api/v1/connectors?page=1&per_page=3&type=source']);

    h.upstream.clearLog();
    const cursor = dataOf(page).connectors.pageInfo.endCursor;
    const foreign = await h.graphql(`query ($after: String) { connectors(type: DESTINATION, first: 2, after: $after) { totalCount } }`, { after: cursor });
    expect(foreign.body).toEqual({
      data: null,
      errors: [failure(['connectors'], 'BAD_USER_INPUT', expect.stringMatching(/^Argument "after" is not a valid cursor for this connection: .+\.$/))],
    });
    expect(h.upstream.requests).toHaveLength(0);
  });
});

describe('Query.connector', () => {
  it('returns the full connector with its masked configuration, in one request', async () => {
    const id = firstOf(idsWhere((c) => c.connectorType === 'source'), 'source connectors');
    const rest = await restGet<SingleBody<ConnectorAttributes>>(h.upstream.url, `/api/v1/connectors/${id}`);
    h.upstream.clearLog();
    const response = await h.graphql(`query ($id: Int!) { connector(databaseId: $id) { ${FIELDS} } }`, { id });
    expect(response.body).toEqual({ data: { connector: expectedConnector(rest.data) } });
    expect(requestLines(h.upstream)).toEqual([`GET /api/v1/connectors/${id}`]);
  });

  it('returns null for a connector that does not exist or belongs to another workspace', async () => {
    const foreign = firstOf(h.upstream.store.listConnectors(OTHER_WORKSPACE_ID), "the other workspace's connectors").id;
    const response = await h.graphql(`{ missing: connector(databaseId: 999999) { name } foreign: connector(databaseId: ${foreign}) { name } }`);
    expect(response.body).toEqual({ data: { missing: null, foreign: null } });
    expect(requestLines(h.upstream).sort()).toEqual(['GET /api/v1/connectors/999999', `GET /api/v1/connectors/${foreign}`].sort());
  });

  it('refuses a databaseId that is not a positive integer, before any request', async () => {
    const response = await h.graphql(`{ connector(databaseId: 0) { name } }`);
    expect(response.body).toEqual({
      data: { connector: null },
      errors: [failure(['connector'], 'BAD_USER_INPUT', 'Argument "databaseId" must be a positive integer, got 0.')],
    });
    expect(h.upstream.requests).toHaveLength(0);
  });

  it('is reachable through node(id) with the same global id', async () => {
    const id = firstOf(idsWhere(() => true), 'connectors');
    const response = await h.graphql(`query ($id: ID!) { node(id: $id) { __typename ... on Connector { databaseId } } }`, { id: connectorGlobalId(id) });
    expect(response.body).toEqual({ data: { node: { __typename: 'Connector', databaseId: id } } });
  });
});
