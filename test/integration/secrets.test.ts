/**
 * Secret masking in `configuration` JSON (src/secrets.ts): the open-source API serves a sync's and a
 * model's embedding API key in clear text, deep inside their configurations; the gateway serves
 * `*************` instead, wherever the object is reached (a sync, its embedded model, a model, a list,
 * `node`), never logs the key, and serves it as stored only with MASK_SECRETS=false.
 */
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';
import { startHarness, type Harness } from '../support/harness';
import { dataOf } from '../support/response';
import { restGet, type SingleBody, type SyncAttributes } from '../support/rest';

const MASK = '*************';
/** Sync 12 (help-center chunks into a vector store): its configuration and its model's carry an API key. */
const EMBEDDING_SYNC = 12;
const SYNC_KEY = 'sk-demo-embed-help-center-7c21';
const PRODUCT_SEARCH_KEY = 'sk-demo-embed-product-search-3b90';

const QUERY = `query ($id: Int!) {
  sync(databaseId: $id) { configuration model { databaseId configuration } }
  models(first: 100) { nodes { databaseId configuration } }
}`;
interface QueryData {
  sync: { configuration: unknown; model: { databaseId: number; configuration: unknown } };
  models: { nodes: Array<{ databaseId: number; configuration: { embedding_config?: unknown } | null }> };
}

/** The REST configuration with only the given API keys replaced by the mask (what the gateway must serve). */
function withKeysMasked<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replaceAll(`"api_key":"${SYNC_KEY}"`, `"api_key":"${MASK}"`).replaceAll(`"api_key":"${PRODUCT_SEARCH_KEY}"`, `"api_key":"${MASK}"`)) as T;
}

describe('with MASK_SECRETS on (the default)', () => {
  let h: Harness;
  const logLines: string[] = [];
  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    h = await startHarness({ logger: createLogger({ level: 'debug', destination }) });
  });
  afterAll(() => h.close());

  it('masks the API keys deep inside a sync and a model configuration, and leaves every other value as the API sent it', async () => {
    const rest = await restGet<SingleBody<SyncAttributes>>(h.upstream.url, `/api/v1/syncs/${EMBEDDING_SYNC}`);
    const response = await h.graphql<QueryData>(QUERY, { id: EMBEDDING_SYNC });
    const data = dataOf(response);

    const restMapping = rest.data.attributes.configuration;
    expect(Array.isArray(restMapping) && restMapping.at(-1)?.embedding_config?.api_key).toBe(SYNC_KEY);
    expect(data.sync.configuration).toEqual(withKeysMasked(restMapping));
    expect(Array.isArray(data.sync.configuration) && data.sync.configuration.at(-1)).toEqual({
      from: 'chunk',
      to: 'embedding',
      mapping_type: 'vector',
      embedding_config: { mode: 'open_ai', model: 'text-embedding-3-small', api_key: MASK },
    });
    expect(data.sync.model.configuration).toEqual({
      harvesters: [],
      embedding_config: { mode: 'open_ai', model: 'text-embedding-3-small', api_key: MASK },
      chunk_config: { chunk_size: 1000, chunk_overlap: 200 },
    });
    const listed = data.models.nodes.filter((model) => model.configuration?.embedding_config !== undefined);
    expect(listed.map((model) => model.configuration?.embedding_config)).toEqual([
      expect.objectContaining({ api_key: MASK }),
      expect.objectContaining({ api_key: MASK }),
    ]);
    expect(JSON.stringify(response.body)).not.toMatch(/sk-demo-embed/);
  });

  it('masks the key of a model reached through node and through a sync of a vector-search model', async () => {
    const model = dataOf(await h.graphql<QueryData>(QUERY, { id: EMBEDDING_SYNC })).sync.model;
    const id = Buffer.from(`Model:${model.databaseId}`).toString('base64url');
    const response = await h.graphql(`{ node(id: "${id}") { ... on Model { configuration } } }`);
    expect(response.body).toEqual({ data: { node: { configuration: { harvesters: [], embedding_config: { mode: 'open_ai', model: 'text-embedding-3-small', api_key: MASK }, chunk_config: { chunk_size: 1000, chunk_overlap: 200 } } } } });
  });

  it('never writes a key to the log', () => {
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('')).not.toMatch(/sk-demo-embed/);
  });
});

describe('with MASK_SECRETS=false', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { MASK_SECRETS: 'false' } });
  });
  afterAll(() => h.close());

  it('serves the configurations exactly as the API sent them', async () => {
    const rest = await restGet<SingleBody<SyncAttributes>>(h.upstream.url, `/api/v1/syncs/${EMBEDDING_SYNC}`);
    const data = dataOf(await h.graphql<QueryData>(QUERY, { id: EMBEDDING_SYNC }));
    expect(data.sync.configuration).toEqual(rest.data.attributes.configuration);
    expect(data.sync.model.configuration).toEqual(rest.data.attributes.model.configuration);
    expect(JSON.stringify(data)).toContain(SYNC_KEY);
    expect(JSON.stringify(data)).toContain(PRODUCT_SEARCH_KEY);
  });
});
