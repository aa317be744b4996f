/**
 * ROUTER_SECRET: with it set, `_service` and `_entities` answer only requests that carry the secret in
 * the `Router-Secret` header, as the federation router is configured to send it. Everyone else gets
 * FORBIDDEN and no schema; the rest of the API is unchanged.
 */
import { loadConfig } from '../../src/config';
import { demoHeaders, startHarness, type Harness } from '../support/harness';
import { dataOf, errorsOf } from '../support/response';

const SECRET = 'router-secret-0123456789abcdef';
const SDL = '{ _service { sdl } }';
const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Sync { databaseId } } }';
const FORBIDDEN = (field: string) => [{ code: 'FORBIDDEN', message: `Only the federation router may query ${field}.` }];

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ env: { ROUTER_SECRET: SECRET } });
});
afterAll(() => harness.close());
beforeEach(() => harness.upstream.clearLog());

const codes = (response: Awaited<ReturnType<Harness['graphql']>>) => errorsOf(response).map((e) => ({ code: e.extensions?.code, message: e.message }));

describe('with ROUTER_SECRET set', () => {
  it('serves _service to the router, even without a user token', async () => {
    const response = await harness.graphql<{ _service: { sdl: string } }>(SDL, undefined, { 'router-secret': SECRET });
    expect(dataOf(response)._service.sdl).toContain('type Sync');
  });

  it.each([
    ['a caller with a token but no secret', demoHeaders],
    ['a caller with a wrong secret', { ...demoHeaders, 'router-secret': `${SECRET}x` }],
  ])('refuses _service to %s with FORBIDDEN and no schema', async (_who, headers) => {
    const response = await harness.graphql(SDL, undefined, headers);
    expect(response.status).toBe(403);
    expect(codes(response)).toEqual(FORBIDDEN('_service'));
    expect(JSON.stringify(response.body)).not.toContain('type Sync');
  });

  it('refuses _service hidden in a fragment or an inline fragment, or under an alias', async () => {
    for (const query of ['{ ...F } fragment F on Query { _service { sdl } }', '{ ... on Query { _service { sdl } } }', '{ s: _service { sdl } }']) {
      expect(codes(await harness.graphql(query, undefined, demoHeaders))).toEqual(FORBIDDEN('_service'));
    }
  });

  it('refuses an anonymous _service request with 401, before parsing', async () => {
    const response = await harness.graphql(SDL, undefined, {});
    expect(response.status).toBe(401);
    expect(codes(response)).toEqual([{ code: 'UNAUTHENTICATED', message: 'Send an "Authorization: Bearer <token>" header to query the AI Squared API.' }]);
  });

  it('resolves _entities for the router with the user token, and refuses them to a caller without the secret, before any upstream call', async () => {
    const representations = { r: [{ __typename: 'Sync', databaseId: 1 }] };
    const routed = await harness.graphql<{ _entities: unknown[] }>(ENTITIES, representations, { ...demoHeaders, 'router-secret': SECRET });
    expect(dataOf(routed)._entities).toEqual([{ databaseId: 1 }]);
    harness.upstream.clearLog();
    const direct = await harness.graphql(ENTITIES, representations, demoHeaders);
    expect(codes(direct)).toEqual(FORBIDDEN('_entities'));
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('leaves every other field to any caller with credentials', async () => {
    const response = await harness.graphql<{ sync: { databaseId: number } }>('{ sync(databaseId: 1) { databaseId } }', undefined, demoHeaders);
    expect(dataOf(response).sync).toEqual({ databaseId: 1 });
  });

  it('must be long enough to resist guessing', () => {
    expect(() => loadConfig({ ROUTER_SECRET: 'short' })).toThrow('ROUTER_SECRET must be at least 16 printable ASCII characters without spaces.');
  });
});
