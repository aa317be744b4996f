/**
 * The answers of the real server that a well-formed request never gets, read from the demo upstream
 * over HTTP (it gives them when a test arms them: `upstream.answerNext`): the 422 "param is missing"
 * body and Rails' own bare 400 for a body it could not parse. Each becomes a stable code and one
 * sentence on its own field, is not retried, and the other fields of the request keep their data.
 */
import { startHarness, type Harness } from '../support/harness';
import { requestLines } from '../support/requestLog';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const failure = (path: string[], code: string, message: string) => ({ message, locations: expect.any(Array), path, extensions: { code } });
const MISSING_SYNC = 'The AI Squared API found the required parameter "sync" missing or empty.';
const UNREADABLE = 'The AI Squared API could not read the request the gateway sent (HTTP 400).';

describe('422 "param is missing or the value is empty"', () => {
  it('fails only the field whose request got it, as BAD_USER_INPUT naming the parameter', async () => {
    h.upstream.answerNext({ kind: 'parameter-missing', parameter: 'sync' }, { match: (request) => request.path === '/api/v1/syncs/1' });
    const response = await h.graphql(`{ a: sync(databaseId: 1) { status } b: sync(databaseId: 2) { status } }`);
    expect(response.body).toEqual({ data: { a: null, b: { status: 'HEALTHY' } }, errors: [failure(['a'], 'BAD_USER_INPUT', MISSING_SYNC)] });
    expect(h.upstream.requests.map((entry) => `${entry.path} ${entry.status}`).sort()).toEqual(['/api/v1/syncs/1 422', '/api/v1/syncs/2 200']);
  });

  it('fails a write that got it, once, and the sync stays as it was', async () => {
    h.upstream.answerNext({ kind: 'parameter-missing', parameter: 'sync' }, { match: (request) => request.method === 'PATCH' });
    const response = await h.graphql(`mutation { setSyncEnabled(input: { syncDatabaseId: 4, enabled: true }) { sync { status } } }`);
    expect(response.body).toEqual({ data: { setSyncEnabled: null }, errors: [failure(['setSyncEnabled'], 'BAD_USER_INPUT', MISSING_SYNC)] });
    expect(requestLines(h.upstream)).toEqual(['GET /api/v1/syncs/4', 'PATCH /api/v1/syncs/4/enable']);
    expect(h.upstream.store.getSync(4)?.status).toBe('disabled');
  });
});

describe("Rails' bare 400 for a body it could not parse", () => {
  it('fails a write that got it as UPSTREAM_ERROR, without a retry, and changes nothing', async () => {
    h.upstream.answerNext({ kind: 'unparsable-body' }, { match: (request) => request.method === 'POST' });
    const response = await h.graphql(`mutation { triggerSyncRun(input: { syncDatabaseId: 2 }) { runPending } }`);
    expect(response.body).toEqual({ data: { triggerSyncRun: null }, errors: [failure(['triggerSyncRun'], 'UPSTREAM_ERROR', UNREADABLE)] });
    expect(h.upstream.requests.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual(['POST /api/v1/schedule_syncs 400']);
    expect(h.upstream.store.findActiveRun(2)).toBeUndefined();
  });

  it('fails only the field whose read got it, and is not retried', async () => {
    const modelId = h.upstream.store.listModels(1)[0]?.id;
    h.upstream.answerNext({ kind: 'unparsable-body' }, { match: (request) => request.path === `/api/v1/models/${modelId}` });
    const response = await h.graphql(`{ model(databaseId: ${modelId}) { name } sync(databaseId: 2) { status } }`);
    expect(response.body).toEqual({ data: { model: null, sync: { status: 'HEALTHY' } }, errors: [failure(['model'], 'UPSTREAM_ERROR', UNREADABLE)] });
    expect(h.upstream.requests.map((entry) => `${entry.path} ${entry.status}`).sort()).toEqual([`/api/v1/models/${modelId} 400`, '/api/v1/syncs/2 200']);
  });
});
