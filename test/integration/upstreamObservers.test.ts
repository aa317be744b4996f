/**
 * The observation core (src/observability/upstreamEvents.ts) that the cost report, tracing and metrics
 * build on: what observers hear must be exactly what the upstream saw, with routes as templates, and
 * an observer may add a header to an attempt but never replace the caller's credentials.
 */
import type { UpstreamAttemptEnd, UpstreamAttemptStart, UpstreamObserver, UpstreamReadServed } from '../../src/observability/upstreamEvents';
import { routeTemplateOf } from '../../src/observability/upstreamEvents';
import { startFaultGateway } from '../support/faultGateway';
import { startHarness, type Harness } from '../support/harness';
import { respond, startScenarioUpstream, syncBody } from '../support/scenarioUpstream';
import { requestLine } from '../support/requestLog';

interface Heard {
  attempts: Array<UpstreamAttemptStart & { end?: UpstreamAttemptEnd }>;
  served: UpstreamReadServed[];
  batches: Array<{ resource: string; size: number }>;
}

/** Records what one request's observer heard; keyed by request id so concurrent tests stay apart. */
const heard = new Map<string, Heard>();
const recorder = ({ requestId }: { requestId: string }): UpstreamObserver => {
  const log: Heard = { attempts: [], served: [], batches: [] };
  heard.set(requestId, log);
  return {
    attemptStarted(start, headers) {
      headers.set('x-observed', 'yes');
      headers.set('Authorization', 'Bearer stolen');
      const entry: Heard['attempts'][number] = { ...start };
      log.attempts.push(entry);
      return (end) => {
        entry.end = end;
      };
    },
    readServed: (read) => log.served.push(read),
    batchDispatched: (resource, size) => log.batches.push({ resource, size }),
  };
};

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ observe: [recorder] });
});
afterAll(() => harness.close());
beforeEach(() => {
  harness.upstream.clearLog();
  heard.clear();
});

function onlyRequest(): Heard {
  const all = [...heard.values()];
  expect(all).toHaveLength(1);
  return all[0] as Heard;
}

describe('observers of upstream requests', () => {
  it('hear one attempt per upstream request, as templates with page and status, ending in ok', async () => {
    const response = await harness.graphql(`{ syncs(first: 3) { nodes { databaseId runs(first: 2) { nodes { databaseId } } } } }`);
    expect(response.body.errors).toBeUndefined();
    const log = onlyRequest();
    const upstreamSaw = harness.upstream.requests.map((entry) => `${entry.method} ${routeTemplateOf(entry.path)} ${entry.query.page ?? '-'}/${entry.query.per_page ?? '-'} ${entry.status}`).sort();
    const observed = log.attempts.map((a) => `${a.method} ${a.route} ${a.page ?? '-'}/${a.perPage ?? '-'} ${a.end?.status}`).sort();
    expect(observed).toEqual(upstreamSaw);
    expect(observed).toContain('GET /api/v1/syncs/{id}/sync_runs 1/3 200');
    expect(log.attempts.every((a) => a.attempt === 1 && a.retryCause === undefined && a.end?.outcome === 'ok' && a.end.bytes > 0)).toBe(true);
    expect(log.batches.some((batch) => batch.resource === 'Page' && batch.size === 3)).toBe(true);
  });

  it('may add a header to an attempt but cannot replace the caller credentials', async () => {
    await harness.graphql(`{ syncs(first: 1) { totalCount } }`);
    const request = harness.upstream.requests[0]!;
    expect(request.headers['x-observed']).toBe('yes');
    expect(request.headers.authorization).not.toBe('Bearer stolen');
    expect(request.headers.authorization).toMatch(/^Bearer /);
  });

  it('hear reads served without a request: the same object twice in one query is one request and one served read', async () => {
    const sync = harness.upstream.store.listSyncs(1)[0]!;
    const response = await harness.graphql(`query($id: Int!) { a: sync(databaseId: $id) { databaseId } b: sync(databaseId: $id) { status } }`, { id: sync.id });
    expect(response.body.errors).toBeUndefined();
    const log = onlyRequest();
    expect(harness.upstream.requests.map(requestLine)).toEqual([`GET /api/v1/syncs/${sync.id}`]);
    expect(log.attempts.map((a) => a.route)).toEqual(['/api/v1/syncs/{id}']);
    expect(log.served).toEqual([{ route: '/api/v1/syncs/{id}', how: 'deduplicated' }]);
  });

  it('hear the end of a failed attempt as an http error with its status', async () => {
    const response = await harness.graphql(`{ sync(databaseId: 999999) { databaseId } }`);
    expect(response.body.data).toEqual({ sync: null });
    const log = onlyRequest();
    expect(log.attempts.map((a) => [a.route, a.end?.status, a.end?.outcome])).toEqual([['/api/v1/syncs/{id}', 404, 'http_error']]);
  });
});

describe('observers of a retried request', () => {
  it('hear each attempt, the retry with its cause, and a transport failure without a status', async () => {
    const upstream = await startScenarioUpstream();
    const gateway = await startFaultGateway(upstream.url, { UPSTREAM_BREAKER_FAILURES: '1000' }, { observe: [recorder] });
    try {
      upstream.script('/api/v1/syncs/1', respond.json(503, { status: 503, error: 'Service Unavailable' }), respond.reset(), respond.json(200, syncBody(1)));
      const response = await gateway.graphql<{ sync: { databaseId: number } }>(`{ sync(databaseId: 1) { databaseId } }`);
      expect(response.body).toEqual({ data: { sync: { databaseId: 1 } } });
      const seen = onlyRequest().attempts.map((a) => [a.attempt, a.retryCause, a.end?.status, a.end?.outcome]);
      expect(seen).toEqual([
        [1, undefined, 503, 'http_error'],
        [2, 'status_503', undefined, 'transport_failure'],
        [3, 'reset', 200, 'ok'],
      ]);
    } finally {
      await gateway.close();
      await upstream.close();
    }
  });
});

describe('routeTemplateOf', () => {
  it('replaces every id segment and drops the query', () => {
    expect(routeTemplateOf('/api/v1/syncs/12/sync_runs/7/sync_records?page=2')).toBe('/api/v1/syncs/{id}/sync_runs/{id}/sync_records');
    expect(routeTemplateOf('/api/v1/workspaces')).toBe('/api/v1/workspaces');
  });
});
