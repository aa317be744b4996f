/**
 * subgraph.graphql (what a schema registry gets from `npm run schema:subgraph`) is committed: it must be
 * exactly what the running subgraph serves from `_service { sdl }`, or this fails (drift check).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SUBGRAPH_SDL_FILE, serviceSdl, subgraphSdlFile } from '../../src/federation/sdl';
import { startHarness, type Harness } from '../support/harness';
import { dataOf } from '../support/response';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());

const committed = () => readFileSync(join(__dirname, '..', '..', SUBGRAPH_SDL_FILE), 'utf8');
type ServiceData = { _service: { sdl: string } };

describe('the subgraph SDL', () => {
  it('is served by `_service { sdl }` without credentials or an upstream request', async () => {
    const response = await harness.graphql<ServiceData>('{ _service { sdl } }', undefined, {});
    expect(response.body.errors).toBeUndefined();
    expect(dataOf(response)._service.sdl).toBe(serviceSdl());
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it(`is committed as ${SUBGRAPH_SDL_FILE} and has not drifted from schema/ (run \`npm run schema:subgraph\` after a schema change)`, async () => {
    const response = await harness.graphql<ServiceData>('{ _service { sdl } }', undefined, {});
    expect(committed()).toBe(subgraphSdlFile(dataOf(response)._service.sdl));
  });

  it('links Federation 2 and declares the entity keys', () => {
    const sdl = committed();
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])');
    const keysOf = (type: string) => {
      const header = new RegExp(`\\ntype ${type} implements Node\\n((?:  @key\\(fields: "[^"]+"\\)\\n)+)\\{`).exec(sdl);
      return header ? [...header[1]!.matchAll(/fields: "([^"]+)"/g)].map((match) => match[1]) : [];
    };
    expect(keysOf('Sync')).toEqual(['id', 'databaseId']);
    expect(keysOf('SyncRun')).toEqual(['id', 'syncDatabaseId databaseId']);
    expect(keysOf('Connector')).toEqual(['id', 'databaseId']);
    expect(keysOf('Model')).toEqual(['id', 'databaseId']);
  });
});
