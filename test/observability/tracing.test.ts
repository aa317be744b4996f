/**
 * Tracing with an in-memory exporter: the whole span tree of the README's nested example query, its
 * upstream spans one to one with the upstream's request log, the caller's trace continued to the
 * upstream through `traceparent`, retries, served reads, and failures named by their code only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { routeTemplateOf } from '../../src/observability/upstreamEvents';
import { startFaultGateway } from '../support/faultGateway';
import { demoHeaders, startHarness, type Harness } from '../support/harness';
import { respond, startScenarioUpstream, syncBody } from '../support/scenarioUpstream';
import { outlineOf, type SpanSummary } from './traceTree';

/** The GraphQL block under a README heading, exactly as printed. */
function readmeExample(heading: string): string {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const at = readme.indexOf(`### ${heading}\n`);
  const block = /```graphql\n([\s\S]*?)\n```/.exec(readme.slice(at));
  if (at < 0 || !block?.[1]) throw new Error(`README.md has no graphql example under "${heading}"`);
  return block[1];
}

function summaryOf(span: ReadableSpan): SpanSummary {
  const [seconds, nanos] = span.startTime;
  return {
    name: span.name,
    spanId: span.spanContext().spanId,
    traceId: span.spanContext().traceId,
    parentSpanId: span.parentSpanContext?.spanId,
    start: BigInt(seconds) * 1_000_000_000n + BigInt(nanos),
    attributes: { ...span.attributes },
  };
}

/** An upstream span as the request log shows it: `GET /api/v1/syncs/{id} 200`. */
const upstreamLabel = (span: SpanSummary) => (span.attributes['url.template'] ? `${span.name} ${span.attributes['http.response.status_code']}` : span.name);

/** The outline, with concurrent upstream spans (the deepest lines) sorted: their start order varies. */
function treeOf(spans: SpanSummary[]): string[] {
  const lines = outlineOf(spans, upstreamLabel);
  const upstream = lines.filter((line) => line.startsWith('    '));
  return [...lines.filter((line) => !line.startsWith('    ')), ...upstream.sort()];
}

const FAILED_RECORDS = readmeExample('A run with its failed records');
const CALLER_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN_ID = '00f067aa0ba902b7';
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

let harness: Harness;
const exporter = new InMemorySpanExporter();
beforeAll(async () => {
  harness = await startHarness({ traceExporter: exporter });
});
afterAll(() => harness.close());
beforeEach(() => {
  exporter.reset();
  harness.upstream.clearLog();
});

const finishedSpans = () => exporter.getFinishedSpans().map(summaryOf);
const finished = (name: string) => exporter.getFinishedSpans().filter((span) => span.name === name);

function aRun(): { syncId: number; runId: number } {
  for (const sync of harness.upstream.store.listSyncs(Number(demoHeaders['workspace-id']))) {
    const run = harness.upstream.store.listRuns(sync.id)[0];
    if (run) return { syncId: sync.id, runId: run.id };
  }
  throw new Error('the demo upstream has no run');
}

describe('the spans of an operation', () => {
  it('trace the nested example query as the operation, its parse, validate and execute, and the upstream requests under execute', async () => {
    const response = await harness.graphql(FAILED_RECORDS, aRun());
    expect(response.body.errors).toBeUndefined();
    expect(treeOf(finishedSpans())).toEqual([
      'query FailedRecords',
      '  graphql.parse',
      '  graphql.validate',
      '  graphql.execute',
      '    GET /api/v1/syncs/{id}/sync_runs/{id} 200',
      '    GET /api/v1/syncs/{id}/sync_runs/{id}/sync_records 200',
    ]);
    const [operation] = finished('query FailedRecords');
    expect(operation?.kind).toBe(SpanKind.SERVER);
    // The operation's type and name, never the document or the variables.
    expect(operation?.attributes).toEqual({ 'graphql.operation.type': 'query', 'graphql.operation.name': 'FailedRecords' });
    expect(operation?.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('has one upstream span per request the upstream saw, with its route template, page and status', async () => {
    const { syncId, runId } = aRun();
    await harness.graphql(`{ sync(databaseId: ${syncId}) { name runs(first: 2) { nodes { databaseId } } run(databaseId: ${runId}) { status } } }`);
    const upstreamSaw = harness.upstream.requests.map((entry) => [entry.method, routeTemplateOf(entry.path), entry.query.page ? Number(entry.query.page) : undefined, entry.query.per_page ? Number(entry.query.per_page) : undefined, entry.status, 1]);
    const spans = exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.CLIENT);
    const traced = spans.map(({ attributes: a }) => [a['http.request.method'], a['url.template'], a['aisquared.upstream.page'], a['aisquared.upstream.per_page'], a['http.response.status_code'], a['aisquared.upstream.attempt']]);
    expect(upstreamSaw).toHaveLength(3);
    expect(traced.map(String).sort()).toEqual(upstreamSaw.map(String).sort());
  });

  it('send each upstream request a traceparent naming its own span, in a trace of the gateway when the caller sent none', async () => {
    await harness.graphql(FAILED_RECORDS, aRun());
    const spans = exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.CLIENT);
    const [operation] = finished('query FailedRecords');
    expect(operation?.parentSpanContext).toBeUndefined();
    const sent = harness.upstream.requests.map((entry) => TRACEPARENT.exec(entry.headers.traceparent ?? '')?.slice(1, 3));
    expect(sent.map((ids) => ids?.join('-')).sort()).toEqual(spans.map((span) => `${operation?.spanContext().traceId}-${span.spanContext().spanId}`).sort());
    expect(harness.upstream.requests.every((entry) => entry.headers.tracestate === undefined)).toBe(true);
  });

  it('continue the caller trace: the operation is a child of its traceparent and the upstream sees its trace id and tracestate', async () => {
    const headers = { ...demoHeaders, traceparent: `00-${CALLER_TRACE_ID}-${CALLER_SPAN_ID}-01`, tracestate: 'vendor=opaque' };
    await harness.graphql(FAILED_RECORDS, aRun(), headers);
    const [operation] = finished('query FailedRecords');
    expect(operation?.spanContext().traceId).toBe(CALLER_TRACE_ID);
    expect(operation?.parentSpanContext?.spanId).toBe(CALLER_SPAN_ID);
    expect(harness.upstream.requests).toHaveLength(2);
    for (const entry of harness.upstream.requests) {
      expect(TRACEPARENT.exec(entry.headers.traceparent ?? '')?.[1]).toBe(CALLER_TRACE_ID);
      expect(entry.headers.tracestate).toBe('vendor=opaque');
    }
  });

  it('record a read served without a request as an event of the execute span', async () => {
    const { syncId } = aRun();
    await harness.graphql(`query Twice($id: Int!) { a: sync(databaseId: $id) { name } b: sync(databaseId: $id) { status } }`, { id: syncId });
    expect(treeOf(finishedSpans())).toEqual(['query Twice', '  graphql.parse', '  graphql.validate', '  graphql.execute', '    GET /api/v1/syncs/{id} 200']);
    const [execute] = finished('graphql.execute');
    expect(execute?.events.map((event) => [event.name, event.attributes])).toEqual([['upstream.read_served', { 'url.template': '/api/v1/syncs/{id}', 'aisquared.upstream.served': 'deduplicated' }]]);
  });

  it('name an anonymous operation by its type and skip parse and validate for a document Apollo has cached', async () => {
    const { syncId } = aRun();
    await harness.graphql(`{ sync(databaseId: ${syncId}) { name } }`);
    exporter.reset();
    await harness.graphql(`{ sync(databaseId: ${syncId}) { name } }`);
    expect(treeOf(finishedSpans())).toEqual(['query', '  graphql.execute', '    GET /api/v1/syncs/{id} 200']);
  });
});

describe('failures in spans', () => {
  it('mark a failed upstream request with its status, not the operation whose field it made null', async () => {
    const response = await harness.graphql(`query Missing { sync(databaseId: 999999) { name } }`);
    expect(response.body).toEqual({ data: { sync: null } });
    const [operation] = finished('query Missing');
    expect(operation?.status.code).toBe(SpanStatusCode.UNSET);
    const [upstream] = finished('GET /api/v1/syncs/{id}');
    expect(upstream?.status).toEqual({ code: SpanStatusCode.ERROR, message: '404' });
    expect(upstream?.attributes['error.type']).toBe('404');
  });

  it('mark an operation whose response carries errors with the first error code, never its message', async () => {
    const response = await harness.graphql(`query TooMany { syncs(first: 500) { totalCount } }`);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const [operation] = finished('query TooMany');
    expect(operation?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'BAD_USER_INPUT' });
    expect(operation?.attributes).toEqual({ 'graphql.operation.type': 'query', 'graphql.operation.name': 'TooMany', 'error.type': 'BAD_USER_INPUT' });
  });

  it('mark a document that fails validation on the validate span, under an operation span without a name', async () => {
    const response = await harness.graphql(`query Bad { sync(databaseId: 1) { noSuchField } }`);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(treeOf(finishedSpans())).toEqual(['GraphQL Operation', '  graphql.parse', '  graphql.validate']);
    expect(finished('graphql.validate')[0]?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'GRAPHQL_VALIDATION_FAILED' });
    expect(harness.upstream.requests).toHaveLength(0);
  });
});

describe('the spans of a retried upstream request', () => {
  it('are one per attempt, each with its attempt number, resend count and retry cause', async () => {
    const upstream = await startScenarioUpstream();
    const retried = new InMemorySpanExporter();
    const gateway = await startFaultGateway(upstream.url, { UPSTREAM_BREAKER_FAILURES: '1000' }, { traceExporter: retried });
    try {
      upstream.script('/api/v1/syncs/1', respond.json(503, { status: 503, error: 'Service Unavailable' }), respond.reset(), respond.json(200, syncBody(1)));
      const response = await gateway.graphql(`{ sync(databaseId: 1) { databaseId } }`);
      expect(response.body).toEqual({ data: { sync: { databaseId: 1 } } });
      const attempts = retried.getFinishedSpans().filter((span) => span.kind === SpanKind.CLIENT);
      expect(attempts.map(({ attributes: a, status }) => [a['aisquared.upstream.attempt'], a['http.request.resend_count'], a['aisquared.upstream.retry_cause'], a['http.response.status_code'], status.message])).toEqual([
        [1, undefined, undefined, 503, '503'],
        [2, 1, 'status_503', undefined, 'transport_failure'],
        [3, 2, 'reset', 200, undefined],
      ]);
      const sent = upstream.requests.map((request) => TRACEPARENT.exec(String(request.headers.traceparent))?.[2]);
      expect(sent).toEqual(attempts.map((span) => span.spanContext().spanId));
    } finally {
      await gateway.close();
      await upstream.close();
    }
  });
});
