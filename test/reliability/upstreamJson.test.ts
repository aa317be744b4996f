/**
 * Hostile JSON from the upstream, through the real gateway over real sockets: a `JSON` value nested
 * deeper (or holding more keys) than the configured limits fails its own field with UPSTREAM_ERROR,
 * everything else in the response keeps its data and the status stays 200; a whole body far over the
 * limits fails the field that needed it. Each failure leaves a log line with its reason and request id.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFaultGateway, type FaultGateway } from '../support/faultGateway';
import { dataOf } from '../support/response';
import { nestedArrays, respond, startScenarioUpstream, syncPageOf, syncText, type ScenarioUpstream } from '../support/scenarioUpstream';

const WORKSPACES = { data: [{ id: '7', type: 'workspaces', attributes: { name: 'Acme' } }] };
const TOO_DEEP = 'The AI Squared API sent a JSON value nested deeper than the gateway allows (64 levels).';

let upstream: ScenarioUpstream;
let gateway: FaultGateway | undefined;

beforeEach(async () => {
  upstream = await startScenarioUpstream();
  upstream.script('/api/v1/workspaces', respond.json(200, WORKSPACES));
});
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
  await upstream.close();
});

async function startGateway(env: Record<string, string> = {}): Promise<FaultGateway> {
  gateway = await startFaultGateway(upstream.url, env);
  return gateway;
}

function serveSync(configuration: string): void {
  upstream.script('/api/v1/syncs/1', respond.raw(200, syncText(1, configuration), { 'content-type': 'application/json' }));
}

/** The log lines of one request (by the response's x-request-id) at `level` (pino: 20 debug, 40 warn, 50 error). */
function linesOf(gw: FaultGateway, requestId: string | null, level: number): Array<Record<string, unknown>> {
  expect(requestId).toBeTruthy();
  return gw.logs.filter((line) => line.requestId === requestId && line.level === level);
}

const SYNC_AND_WORKSPACES = '{ workspaces { databaseId } sync(databaseId: 1) { databaseId configuration } }';

describe('a JSON value over the limits fails only its own field', () => {
  it('answers 200 with the workspaces when the sync configuration nests 5,000 arrays', async () => {
    serveSync(nestedArrays(5000));
    const gw = await startGateway();
    const response = await gw.graphql(SYNC_AND_WORKSPACES);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      errors: [{ message: TOO_DEEP, locations: [{ line: 1, column: 62 }], path: ['sync', 'configuration'], extensions: { code: 'UPSTREAM_ERROR' } }],
      data: { workspaces: [{ databaseId: 7 }], sync: { databaseId: 1, configuration: null } },
    });
    expect(linesOf(gw, response.headers.get('x-request-id'), 40)).toEqual([
      expect.objectContaining({ code: 'UPSTREAM_ERROR', path: 'sync.configuration', message: TOO_DEEP, msg: 'graphql error: upstream fault' }),
    ]);
  });

  it('nulls only the deep item configuration in a list of three syncs', async () => {
    upstream.script('/api/v1/syncs', syncPageOf([syncText(1, '{"mode":"full"}'), syncText(2, nestedArrays(5000)), syncText(3, '[1,[2,[3]]]')]));
    const gw = await startGateway();
    const response = await gw.graphql('{ workspaces { databaseId } syncs(first: 3) { nodes { databaseId configuration } } }');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      errors: [{ message: TOO_DEEP, locations: [{ line: 1, column: 66 }], path: ['syncs', 'nodes', 1, 'configuration'], extensions: { code: 'UPSTREAM_ERROR' } }],
      data: {
        workspaces: [{ databaseId: 7 }],
        syncs: {
          nodes: [
            { databaseId: 1, configuration: { mode: 'full' } },
            { databaseId: 2, configuration: null },
            { databaseId: 3, configuration: [1, [2, [3]]] },
          ],
        },
      },
    });
    expect(linesOf(gw, response.headers.get('x-request-id'), 40)).toEqual([expect.objectContaining({ code: 'UPSTREAM_ERROR', path: 'syncs.nodes.1.configuration', message: TOO_DEEP })]);
  });

  it('leaves a list with a deep item untouched when configuration is not selected', async () => {
    upstream.script('/api/v1/syncs', syncPageOf([syncText(1, '{}'), syncText(2, nestedArrays(5000)), syncText(3, '{}')]));
    const gw = await startGateway();
    const response = await gw.graphql('{ syncs(first: 3) { nodes { databaseId scheduleType } } }');
    expect(dataOf(response)).toEqual({ syncs: { nodes: [1, 2, 3].map((databaseId) => ({ databaseId, scheduleType: 'MANUAL' })) } });
  });

  it('passes a value exactly at the depth limit through intact and fails one level more', async () => {
    const gw = await startGateway();
    serveSync(nestedArrays(64, '"leaf"'));
    const atLimit = await gw.graphql('{ sync(databaseId: 1) { configuration } }');
    expect(dataOf(atLimit)).toEqual({ sync: { configuration: JSON.parse(nestedArrays(64, '"leaf"')) } });
    serveSync(nestedArrays(65, '"leaf"'));
    const overLimit = await gw.graphql('{ sync(databaseId: 1) { configuration } }');
    expect(overLimit.body).toEqual({
      errors: [{ message: TOO_DEEP, locations: [{ line: 1, column: 25 }], path: ['sync', 'configuration'], extensions: { code: 'UPSTREAM_ERROR' } }],
      data: { sync: { configuration: null } },
    });
  });

  it('passes a value with exactly the allowed keys and items through intact and fails one more', async () => {
    const gw = await startGateway({ UPSTREAM_JSON_MAX_KEYS: '100' });
    // 60 object keys, 40 array items inside them: 100 in all.
    const atLimit = { ...Object.fromEntries(Array.from({ length: 59 }, (_, i) => [`k${i}`, i])), items: Array.from({ length: 40 }, (_, i) => i) };
    serveSync(JSON.stringify(atLimit));
    expect(dataOf(await gw.graphql('{ sync(databaseId: 1) { configuration } }'))).toEqual({ sync: { configuration: atLimit } });
    serveSync(JSON.stringify({ ...atLimit, extra: 1 }));
    const overLimit = await gw.graphql('{ sync(databaseId: 1) { databaseId configuration } }');
    expect(overLimit.body).toEqual({
      errors: [
        {
          message: 'The AI Squared API sent a JSON value with more keys and items than the gateway allows (100).',
          locations: [{ line: 1, column: 36 }],
          path: ['sync', 'configuration'],
          extensions: { code: 'UPSTREAM_ERROR' },
        },
      ],
      data: { sync: { databaseId: 1, configuration: null } },
    });
  });
});

describe('a value too deep to show as text fails only its own field', () => {
  it("fails a run's error object nested 6,000 levels deep with UPSTREAM_ERROR, keeping the run", async () => {
    const run = readFileSync(join(__dirname, '..', 'fixtures', 'upstream-samples', 'sync-run.json'), 'utf8').replace('"error": null', `"error": ${nestedArrays(6000)}`);
    expect(run).toContain('"error": [[[');
    upstream.script('/api/v1/syncs/42/sync_runs/1060', respond.raw(200, run, { 'content-type': 'application/json' }));
    const gw = await startGateway();
    const response = await gw.graphql('{ sync(databaseId: 42) { run(databaseId: 1060) { databaseId error } } }');
    expect(response.body).toEqual({
      errors: [
        {
          message: 'The AI Squared API sent a value nested too deeply to show as text.',
          locations: [{ line: 1, column: 61 }],
          path: ['sync', 'run', 'error'],
          extensions: { code: 'UPSTREAM_ERROR' },
        },
      ],
      data: { sync: { run: { databaseId: 1060, error: null } } },
    });
    expect(linesOf(gw, response.headers.get('x-request-id'), 40)).toEqual([expect.objectContaining({ code: 'UPSTREAM_ERROR', path: 'sync.run.error' })]);
  });
});

describe('an upstream body far over the limits fails its request', () => {
  it('refuses a body nested deeper than 100 times the depth limit, keeping the workspaces', async () => {
    serveSync(nestedArrays(6500));
    const gw = await startGateway();
    const response = await gw.graphql(SYNC_AND_WORKSPACES);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      errors: [
        {
          message: 'The AI Squared API sent a response nested deeper than the gateway reads (6400 levels).',
          locations: [{ line: 1, column: 29 }],
          path: ['sync'],
          extensions: { code: 'UPSTREAM_ERROR' },
        },
      ],
      data: { workspaces: [{ databaseId: 7 }], sync: null },
    });
    const warnings = linesOf(gw, response.headers.get('x-request-id'), 40);
    expect(warnings).toContainEqual(
      expect.objectContaining({ route: '/api/v1/syncs/1', status: 200, excess: { kind: 'depth', limit: 6400 }, msg: "upstream sent a JSON body over the gateway's depth limit" }),
    );
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'UPSTREAM_ERROR', path: 'sync', msg: 'graphql error: upstream fault' }));
  });

  it('refuses a body with more than 100 times the allowed keys and items', async () => {
    serveSync(JSON.stringify(Array.from({ length: 10001 }, () => 0)));
    const gw = await startGateway({ UPSTREAM_JSON_MAX_KEYS: '100' });
    const response = await gw.graphql(SYNC_AND_WORKSPACES);
    expect(response.body).toEqual({
      errors: [
        {
          message: 'The AI Squared API sent a response with more keys and items than the gateway reads (10000).',
          locations: [{ line: 1, column: 29 }],
          path: ['sync'],
          extensions: { code: 'UPSTREAM_ERROR' },
        },
      ],
      data: { workspaces: [{ databaseId: 7 }], sync: null },
    });
    expect(linesOf(gw, response.headers.get('x-request-id'), 40)).toContainEqual(expect.objectContaining({ route: '/api/v1/syncs/1', excess: { kind: 'keys', limit: 10000 } }));
  });
});

describe('errors are logged with the request id at a level that says whose fault they are', () => {
  it('logs a client mistake at debug level only', async () => {
    const gw = await startGateway();
    const response = await gw.graphql('{ workspaces { databaseId } syncs(first: 500) { nodes { databaseId } } }');
    const requestId = response.headers.get('x-request-id');
    expect(linesOf(gw, requestId, 20)).toContainEqual(expect.objectContaining({ code: 'BAD_USER_INPUT', path: 'syncs', msg: 'graphql error: client request refused' }));
    expect(gw.logs.filter((line) => line.requestId === requestId && Number(line.level) >= 40)).toEqual([]);
  });
});
