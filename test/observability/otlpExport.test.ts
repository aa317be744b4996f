/**
 * Tracing as an operator turns it on: the gateway process (src/index.ts) with OTEL_EXPORTER_OTLP_ENDPOINT
 * pointing at a loopback OTLP/HTTP receiver. The batch processor holds the spans until the gateway
 * stops (SIGTERM), which flushes them; what arrived is decoded from OTLP JSON.
 */
import { startDemoUpstream, type DemoUpstream } from '../../demo/src/server';
import { startGatewayProcess, type GatewayProcess } from '../support/gatewayProcess';
import { demoHeaders } from '../support/harness';
import { resourceAttributesOf, spansOf, startOtlpReceiver, type OtlpReceiver } from './otlpReceiver';
import { outlineOf } from './traceTree';

let upstream: DemoUpstream;
let receiver: OtlpReceiver;
let gateway: GatewayProcess | undefined;
beforeAll(async () => {
  upstream = await startDemoUpstream();
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  await gateway?.kill();
  await receiver.close();
  await upstream.close();
});

describe('export over OTLP/HTTP', () => {
  it('sends the operation spans to the configured endpoint, with their parentage, when the gateway stops', async () => {
    gateway = await startGatewayProcess({
      AISQUARED_API_URL: upstream.url,
      SHUTDOWN_DELAY_MS: '0',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-key=k%20123',
      OTEL_SERVICE_NAME: 'gateway-under-test',
    });
    const sync = upstream.store.listSyncs(Number(demoHeaders['workspace-id']))[0];
    const response = await fetch(`${gateway.endpoint}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...demoHeaders },
      body: JSON.stringify({ query: 'query OneSync($id: Int!) { sync(databaseId: $id) { name } }', variables: { id: sync?.id } }),
    });
    const body = (await response.json()) as { data?: { sync: unknown }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.sync).not.toBeNull();
    // Batched, not sent span by span: nothing has arrived before the flush at stop.
    expect(receiver.exports).toEqual([]);
    gateway.child.kill('SIGTERM');
    expect(await gateway.exited).toBe(0);

    expect(receiver.exports.map((received) => [received.path, received.headers['content-type'], received.headers['x-collector-key']])).toEqual([['/v1/traces', 'application/json', 'k 123']]);
    expect(resourceAttributesOf(receiver.exports)).toContain('service.name=gateway-under-test');
    const spans = spansOf(receiver.exports);
    expect(outlineOf(spans, (span) => (span.attributes['url.template'] ? `${span.name} ${span.attributes['http.response.status_code']}` : span.name))).toEqual([
      'query OneSync',
      '  graphql.parse',
      '  graphql.validate',
      '  graphql.execute',
      '    GET /api/v1/syncs/{id} 200',
    ]);
    expect(new Set(spans.map((span) => span.traceId)).size).toBe(1);
    expect(spans.find((span) => span.name === 'query OneSync')?.attributes).toEqual({ 'graphql.operation.type': 'query', 'graphql.operation.name': 'OneSync' });
    expect(spans.find((span) => span.name === 'GET /api/v1/syncs/{id}')?.attributes).toMatchObject({ 'http.request.method': 'GET', 'url.template': '/api/v1/syncs/{id}', 'http.response.status_code': 200, 'aisquared.upstream.attempt': 1 });
  });
});
