/**
 * A loopback OTLP/HTTP receiver (node:http, 127.0.0.1 port 0): it keeps every JSON export POSTed to
 * /v1/traces and answers as a collector does, so a test can decode exactly what the exporter sent.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SpanSummary } from './traceTree';

/** The parts of an OTLP JSON trace export the tests read. */
interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number; boolValue?: boolean };
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTimeUnixNano: string | number;
  attributes?: OtlpAttribute[];
}
export interface OtlpExport {
  resourceSpans: Array<{ resource?: { attributes?: OtlpAttribute[] }; scopeSpans: Array<{ spans?: OtlpSpan[] }> }>;
}

export interface ReceivedExport {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: OtlpExport;
}

export interface OtlpReceiver {
  /** The base URL to give as OTEL_EXPORTER_OTLP_ENDPOINT. */
  url: string;
  exports: ReceivedExport[];
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const exports: ReceivedExport[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      exports.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exports,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Every span of every export, decoded from OTLP JSON (ids are hex strings, times decimal nanoseconds). */
export function spansOf(exports: readonly ReceivedExport[]): SpanSummary[] {
  return exports.flatMap(({ body }) =>
    body.resourceSpans.flatMap((resource) =>
      resource.scopeSpans.flatMap((scope) =>
        (scope.spans ?? []).map((span) => ({
          name: span.name,
          traceId: span.traceId,
          spanId: span.spanId,
          parentSpanId: span.parentSpanId || undefined,
          start: BigInt(span.startTimeUnixNano),
          attributes: Object.fromEntries((span.attributes ?? []).map(({ key, value }) => [key, value.stringValue ?? value.boolValue ?? (value.intValue === undefined ? undefined : Number(value.intValue))])),
        })),
      ),
    ),
  );
}

/** The resource attributes of every export, as key=value strings. */
export function resourceAttributesOf(exports: readonly ReceivedExport[]): string[] {
  return [...new Set(exports.flatMap(({ body }) => body.resourceSpans.flatMap((resource) => (resource.resource?.attributes ?? []).map(({ key, value }) => `${key}=${value.stringValue ?? ''}`))))];
}
