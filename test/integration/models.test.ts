/**
 * Query.models (queryTypes filter, Relay paging, request counts) and Query.model, over real HTTP.
 * Expected lists come from the demo store; expected attributes from the upstream's REST answer.
 */
import { DEMO_WORKSPACE_ID, OTHER_TOKEN, OTHER_WORKSPACE_ID } from '../../demo/src/credentials';
import { maskSecrets } from '../../src/secrets';
import { startHarness, type Harness } from '../support/harness';
import { requestLines } from '../support/requestLog';
import { dataOf, firstOf } from '../support/response';
import { restAll, restGet, type ModelAttributes, type Resource, type SingleBody } from '../support/rest';
import { PAGE_SELECTION, traverse, type PageShape } from '../support/traverse';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.upstream.clearLog());

const CONNECTOR_FIELDS = 'id databaseId name connectorType connectorName workspaceId configuration createdAt updatedAt';
const FIELDS = `id databaseId name description query queryType configuration primaryKey createdAt updatedAt connector { ${CONNECTOR_FIELDS} }`;
const iso = (value: string) => new Date(value).toISOString();
const globalId = (text: string) => Buffer.from(text).toString('base64url');
const failure = (path: string[], code: string, message: string) => ({ message, locations: expect.any(Array), path, extensions: { code } });

function expectedModel(resource: Resource<ModelAttributes>) {
  const a = resource.attributes;
  const c = a.connector;
  return {
    id: globalId(`Model:${resource.id}`),
    databaseId: Number(resource.id),
    name: a.name,
    description: a.description,
    query: a.query,
    queryType: a.query_type.toUpperCase(),
    // Secrets are masked (src/secrets.ts; test/integration/secrets.test.ts pins the values).
    configuration: maskSecrets(a.configuration),
    primaryKey: a.primary_key,
    createdAt: iso(a.created_at),
    updatedAt: iso(a.updated_at),
    connector: {
      id: globalId(`Connector:${c.id}`),
      databaseId: c.id,
      name: c.name,
      connectorType: c.connector_type.toUpperCase(),
      connectorName: c.connector_name,
      workspaceId: c.workspace_id,
      configuration: maskSecrets(c.configuration),
      createdAt: iso(c.created_at),
      updatedAt: iso(c.updated_at),
    },
  };
}

const modelIds = (queryTypes?: string[], workspaceId = DEMO_WORKSPACE_ID) =>
  h.upstream.store.listModels(workspaceId, queryTypes).map((model) => model.id);

describe('Query.models', () => {
  it('lists every model of the workspace, most recently updated first, with its connector, in one request', async () => {
    const rest = await restAll<ModelAttributes>(h.upstream.url, '/api/v1/models');
    h.upstream.clearLog();
    const response = await h.graphql<{ models: { nodes: Array<{ databaseId: number }> } }>(`{ models(first: 100) { totalCount nodes { ${FIELDS} } } }`);
    expect(response.body).toEqual({ data: { models: { totalCount: rest.length, nodes: rest.map(expectedModel) } } });
    expect(dataOf(response).models.nodes.map((node) => node.databaseId)).toEqual(modelIds());
    // The model's embedded connector is complete (masked configuration included): no connector request.
    expect(requestLines(h.upstream)).toEqual(['GET /api/v1/models?page=1&per_page=101']);
  });

  it.each([
    ['[RAW_SQL]', 'raw_sql', ['raw_sql']],
    ['[DBT, RAW_SQL]', 'dbt,raw_sql', ['dbt', 'raw_sql']],
    ['[RAW_SQL, DBT]', 'dbt,raw_sql', ['dbt', 'raw_sql']],
    ['[AI_ML, AI_ML]', 'ai_ml', ['ai_ml']],
    ['[VECTOR_SEARCH, UNSTRUCTURED, SOQL, TABLE_SELECTOR, DYNAMIC_SQL]', 'dynamic_sql,soql,table_selector,unstructured,vector_search', ['vector_search', 'unstructured', 'soql', 'table_selector', 'dynamic_sql']],
  ])('filters by queryTypes %s as one comma-separated query_type (%s)', async (list, sent, types) => {
    const expected = modelIds(types);
    expect(expected.length).toBeGreaterThan(0);
    const response = await h.graphql(`{ models(queryTypes: ${list}, first: 50) { totalCount nodes { databaseId queryType } } }`);
    const queryTypeOf = new Map(h.upstream.store.listModels(DEMO_WORKSPACE_ID).map((model) => [model.id, model.queryType.toUpperCase()]));
    expect(response.body).toEqual({
      data: { models: { totalCount: expected.length, nodes: expected.map((databaseId) => ({ databaseId, queryType: queryTypeOf.get(databaseId) })) } },
    });
    expect(requestLines(h.upstream)).toEqual([`GET /api/v1/models?page=1&per_page=51&query_type=${sent}`]);
  });

  it('treats the same set of query types in another order as the same list (cursors carry over)', async () => {
    const first = await h.graphql<{ models: { pageInfo: { endCursor: string | null } } }>(`{ models(queryTypes: [RAW_SQL, DBT], first: 2) { pageInfo { endCursor } } }`);
    const next = await h.graphql(`query ($after: String) { models(queryTypes: [DBT, RAW_SQL], first: 2, after: $after) { nodes { databaseId } } }`, {
      after: dataOf(first).models.pageInfo.endCursor,
    });
    expect(next.body).toEqual({ data: { models: { nodes: modelIds(['raw_sql', 'dbt']).slice(2, 4).map((databaseId) => ({ databaseId })) } } });
  });

  it('answers an empty connection when no model has the query types', async () => {
    expect(modelIds(['soql'], OTHER_WORKSPACE_ID)).toEqual([]);
    const response = await h.graphql(
      `{ models(queryTypes: [SOQL], first: 10) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { databaseId } } }`,
      undefined,
      { authorization: `Bearer ${OTHER_TOKEN}`, 'workspace-id': String(OTHER_WORKSPACE_ID) },
    );
    expect(response.body).toEqual({
      data: { models: { totalCount: 0, pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, nodes: [] } },
    });
    expect(requestLines(h.upstream)).toEqual(['GET /api/v1/models?page=1&per_page=11&query_type=soql']);
  });

  it.each([
    ['[]', 'Argument "queryTypes" must hold at least one value; omit it to list every model.'],
    ['[RAW_SQL, UNKNOWN]', 'Argument "queryTypes" cannot be UNKNOWN; pick one of the listed values.'],
  ])('refuses queryTypes: %s before any upstream request', async (list, message) => {
    const response = await h.graphql(`{ models(queryTypes: ${list}) { totalCount } }`);
    expect(response.body).toEqual({ data: null, errors: [failure(['models'], 'BAD_USER_INPUT', message)] });
    expect(h.upstream.requests).toHaveLength(0);
  });

  it.each([
    ['forward', 3],
    ['backward', 4],
  ] as const)('pages %s through the whole list, visiting every model once in order', async (direction, size) => {
    const query = `query ($first: Int, $after: String, $last: Int, $before: String) {
      models(first: $first, after: $after, last: $last, before: $before) { ${PAGE_SELECTION} } }`;
    const walked = await traverse(h, query, {}, (data: { models: PageShape }) => data.models, direction, size);
    expect(walked.ids).toEqual(modelIds());
    expect(walked.pages).toBe(Math.ceil(modelIds().length / size));
  });
});

describe('Query.model', () => {
  it('returns the model with its connector and the connector configuration, in one request', async () => {
    const id = firstOf(modelIds(['ai_ml']), 'AI/ML models');
    const rest = await restGet<SingleBody<ModelAttributes>>(h.upstream.url, `/api/v1/models/${id}`);
    h.upstream.clearLog();
    const response = await h.graphql(`query ($id: Int!) { model(databaseId: $id) { ${FIELDS} } }`, { id });
    expect(response.body).toEqual({ data: { model: expectedModel(rest.data) } });
    expect(requestLines(h.upstream)).toEqual([`GET /api/v1/models/${id}`]);
  });

  it('returns null for a model that does not exist or belongs to another workspace', async () => {
    const foreign = firstOf(modelIds(undefined, OTHER_WORKSPACE_ID), "the other workspace's models");
    const response = await h.graphql(`{ missing: model(databaseId: 999999) { name } foreign: model(databaseId: ${foreign}) { name } }`);
    expect(response.body).toEqual({ data: { missing: null, foreign: null } });
    expect(requestLines(h.upstream).sort()).toEqual(['GET /api/v1/models/999999', `GET /api/v1/models/${foreign}`].sort());
  });

  it('refuses a databaseId that is not a positive integer, before any request', async () => {
    const response = await h.graphql(`{ model(databaseId: -1) { name } }`);
    expect(response.body).toEqual({
      data: { model: null },
      errors: [failure(['model'], 'BAD_USER_INPUT', 'Argument "databaseId" must be a positive integer, got -1.')],
    });
    expect(h.upstream.requests).toHaveLength(0);
  });
});
