/**
 * Query.workspaces (the caller's workspaces, so a GraphiQL user can find the Workspace-Id to send) and
 * Workspace as a Node, over real HTTP.
 */
import { DEMO_TOKEN, OTHER_TOKEN } from '../../demo/src/credentials';
import { startHarness, type Harness } from '../support/harness';
import { requestLines } from '../support/requestLog';
import { dataOf, firstOf } from '../support/response';
import { restGet, type ListBody, type Resource, type WorkspaceAttributes } from '../support/rest';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.upstream.clearLog());

const FIELDS = 'id databaseId name slug status description region organizationId organizationName createdAt updatedAt';
const failure = (path: string[], code: string, message: string) => ({ message, locations: expect.any(Array), path, extensions: { code } });

function expectedWorkspace(resource: Resource<WorkspaceAttributes>) {
  const a = resource.attributes;
  return {
    id: Buffer.from(`Workspace:${resource.id}`).toString('base64url'),
    databaseId: Number(resource.id),
    name: a.name,
    slug: a.slug,
    status: a.status,
    description: a.description,
    region: a.region,
    organizationId: a.organization_id,
    organizationName: a.organization_name,
    createdAt: new Date(a.created_at).toISOString(),
    updatedAt: new Date(a.updated_at).toISOString(),
  };
}

describe('Query.workspaces', () => {
  it("lists the caller's workspaces with only the Authorization header, in one request that sends no Workspace-Id", async () => {
    const rest = await restGet<ListBody<WorkspaceAttributes>>(h.upstream.url, '/api/v1/workspaces', { authorization: `Bearer ${DEMO_TOKEN}` });
    h.upstream.clearLog();
    const response = await h.graphql<{ workspaces: Array<{ id: string; databaseId: number; name: string }> }>(`{ workspaces { ${FIELDS} } }`, undefined, { authorization: `Bearer ${DEMO_TOKEN}` });
    expect(response.body).toEqual({ data: { workspaces: rest.data.map(expectedWorkspace) } });
    expect(dataOf(response).workspaces.map((w) => [w.id, w.databaseId, w.name])).toEqual([
      ['V29ya3NwYWNlOjE', 1, 'Acme Marketing'],
      ['V29ya3NwYWNlOjI', 2, 'Acme Sales Ops'],
    ]);
    expect(requestLines(h.upstream)).toEqual(['GET /api/v1/workspaces']);
    expect(firstOf(h.upstream.requests).headers.authorization).toBe(`Bearer ${DEMO_TOKEN}`);
    expect(firstOf(h.upstream.requests).headers).not.toHaveProperty('workspace-id');
  });

  it('does not forward a Workspace-Id the caller sends, and shows another user only their own workspace', async () => {
    const response = await h.graphql(`{ workspaces { databaseId name } }`, undefined, { authorization: `Bearer ${OTHER_TOKEN}`, 'workspace-id': '1' });
    expect(response.body).toEqual({ data: { workspaces: [{ databaseId: 3, name: 'Globex Analytics' }] } });
    expect(h.upstream.requests).toHaveLength(1);
    expect(firstOf(h.upstream.requests).headers).not.toHaveProperty('workspace-id');
  });

  it('never exposes the API key the upstream sends with each workspace', async () => {
    const response = await h.graphql<{ __type: { fields: Array<{ name: string }> } }>(`{ __type(name: "Workspace") { fields { name } } }`);
    expect(dataOf(response).__type.fields.map((field) => field.name)).toEqual(FIELDS.split(' '));
  });

  it('answers UNAUTHENTICATED without a bearer token, before any request, and when the token is refused', async () => {
    const none = await h.graphql(`{ workspaces { databaseId } }`, undefined, {});
    expect({ status: none.status, body: none.body }).toEqual({
      status: 401,
      body: { errors: [{ message: 'Send an "Authorization: Bearer <token>" header to query the AI Squared API.', extensions: { code: 'UNAUTHENTICATED' } }] },
    });
    expect(h.upstream.requests).toHaveLength(0);

    const refused = await h.graphql(`{ workspaces { databaseId } }`, undefined, { authorization: 'Bearer not-a-known-token' });
    expect(refused.body).toEqual({
      data: null,
      errors: [failure(['workspaces'], 'UNAUTHENTICATED', 'The AI Squared API rejected the bearer token: it is missing, invalid or expired.')],
    });
    expect(requestLines(h.upstream)).toEqual(['GET /api/v1/workspaces']);
  });

  it('reads the list once per request, however often it is selected', async () => {
    const response = await h.graphql(`{ a: workspaces { databaseId } b: workspaces { name } }`);
    expect(response.body).toEqual({
      data: { a: [{ databaseId: 1 }, { databaseId: 2 }], b: [{ name: 'Acme Marketing' }, { name: 'Acme Sales Ops' }] },
    });
    expect(requestLines(h.upstream)).toEqual(['GET /api/v1/workspaces']);
  });
});

describe('Workspace as a Node', () => {
  it("resolves a workspace's global id, and null for a workspace the caller does not belong to", async () => {
    const response = await h.graphql(`{
      mine: node(id: "V29ya3NwYWNlOjI") { __typename id ... on Workspace { databaseId name } }
      theirs: node(id: "V29ya3NwYWNlOjM") { id }
    }`);
    expect(response.body).toEqual({
      data: { mine: { __typename: 'Workspace', id: 'V29ya3NwYWNlOjI', databaseId: 2, name: 'Acme Sales Ops' }, theirs: null },
    });
    expect(requestLines(h.upstream)).toEqual(['GET /api/v1/workspaces']);
  });
});
