/**
 * A hosted build of the API runs slightly ahead of the open-source server (docs/upstream-contract.md §8):
 * a sync `name`, sync and model configurations already masked, a 403 until the user accepts the EULA,
 * and a suffix on the workspace-not-found detail. The demo upstream started with `build: 'hosted'`
 * answers that way; the gateway serves each as it should. Connector icons are URLs on every build.
 */
import { DEMO_TOKEN, EULA_PENDING_TOKEN } from '../../demo/src/credentials';
import { startDemoUpstream, type DemoUpstream } from '../../demo/src/server';
import { startHarness, type Harness } from '../support/harness';
import { dataOf, defined } from '../support/response';

const MASK = '*************';
const EMBEDDING_SYNC = 12;
const failure = (path: Array<string | number>, code: string, message: string) => ({ message, locations: expect.any(Array), path, extensions: { code } });

let upstream: DemoUpstream;
let masking: Harness;
let passThrough: Harness;
beforeAll(async () => {
  upstream = await startDemoUpstream({ build: 'hosted' });
  masking = await startHarness({ upstream });
  passThrough = await startHarness({ upstream, env: { MASK_SECRETS: 'false' } });
});
afterAll(async () => {
  await masking.close();
  await passThrough.close();
  await upstream.close();
});
beforeEach(() => upstream.clearLog());

describe('a hosted build', () => {
  it("serves the sync's name, and the configurations it masked as they are, with masking on or off", async () => {
    const query = `{ sync(databaseId: ${EMBEDDING_SYNC}) { name configuration model { configuration } } }`;
    type Data = { sync: { name: string; configuration: Array<Record<string, unknown>>; model: { configuration: Record<string, unknown> } } };
    const stored = defined(upstream.store.getSync(EMBEDDING_SYNC), 'the sync');
    for (const harness of [masking, passThrough]) {
      const sync = dataOf(await harness.graphql<Data>(query)).sync;
      expect(sync.name).toBe(stored.name);
      expect(sync.configuration.at(-1)).toEqual({ from: 'chunk', to: 'embedding', mapping_type: 'vector', embedding_config: { mode: 'open_ai', model: 'text-embedding-3-small', api_key: MASK } });
      expect(sync.model.configuration.embedding_config).toEqual({ mode: 'open_ai', model: 'text-embedding-3-small', api_key: MASK });
    }
  });

  it('answers FORBIDDEN with the EULA reason to a user who has not accepted it, on reads and on writes', async () => {
    const headers = { authorization: `Bearer ${EULA_PENDING_TOKEN}`, 'workspace-id': '1' };
    const eula = 'The AI Squared API requires you to accept its end-user licence agreement (EULA) before using the API.';
    const read = await masking.graphql(`{ sync(databaseId: 1) { databaseId } model(databaseId: 1) { name } }`, undefined, headers);
    expect(read.body).toEqual({ data: { sync: null, model: null }, errors: expect.arrayContaining([failure(['sync'], 'FORBIDDEN', eula), failure(['model'], 'FORBIDDEN', eula)]) });
    expect(read.body.errors).toHaveLength(2);
    // Not reworded as a missing permission: the role would allow the write.
    const write = await masking.graphql(`mutation { triggerSyncRun(input: { syncDatabaseId: 2 }) { clientMutationId } }`, undefined, headers);
    expect(write.body).toEqual({ data: { triggerSyncRun: null }, errors: [failure(['triggerSyncRun'], 'FORBIDDEN', eula)] });
  });

  it('recognises the workspace-not-found detail with its suffix', async () => {
    const response = await masking.graphql(`{ syncs(first: 1) { totalCount } }`, undefined, { authorization: `Bearer ${DEMO_TOKEN}`, 'workspace-id': '99' });
    expect(response.body).toEqual({
      data: null,
      errors: [failure(['syncs'], 'BAD_USER_INPUT', 'The Workspace-Id header is missing or names a workspace you cannot access.')],
    });
    expect(upstream.requests.map((entry) => [entry.path, entry.status])).toEqual([['/api/v1/syncs', 400]]);
  });
});

describe('connector icons', () => {
  it('serves iconUrl as the URL the API sends, and null for a bare file name or a URL that is not http(s)', async () => {
    const [first, second, third] = upstream.store.listConnectors(1);
    const [a, b, c] = [defined(first, 'a connector'), defined(second, 'a connector'), defined(third, 'a connector')];
    const url = a.icon;
    const [iconOfB, iconOfC] = [b.icon, c.icon];
    b.icon = 'icon.svg';
    c.icon = 'javascript:alert(1)';
    try {
      const response = await masking.graphql(`{ a: connector(databaseId: ${a.id}) { icon iconUrl } b: connector(databaseId: ${b.id}) { icon iconUrl } c: connector(databaseId: ${c.id}) { icon iconUrl }
        sync(databaseId: 1) { source { icon iconUrl } } }`);
      const source = defined(upstream.store.getConnector(defined(upstream.store.getSync(1), 'sync 1').sourceId), 'the source');
      expect(url).toMatch(/^https:\/\/raw\.githubusercontent\.com\/Multiwoven\/multiwoven\/main\/integrations\/.+\/icon\.svg$/);
      expect(response.body).toEqual({
        data: {
          a: { icon: url, iconUrl: url },
          b: { icon: 'icon.svg', iconUrl: null },
          c: { icon: 'javascript:alert(1)', iconUrl: null },
          sync: { source: { icon: source.icon, iconUrl: source.icon } },
        },
      });
    } finally {
      b.icon = iconOfB;
      c.icon = iconOfC;
    }
  });
});
