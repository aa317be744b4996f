/**
 * Tracing off (no OTLP endpoint, or OTEL_SDK_DISABLED): the upstream receives the caller's credentials
 * and nothing of its trace, and the process never loads the OpenTelemetry SDK or exporter. Checked in a process
 * of its own (./loadedModules.ts), whose require.cache shows what it loaded; the same probe with
 * tracing on shows the check can see them.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startOtlpReceiver, type OtlpReceiver } from './otlpReceiver';

interface Probe {
  body: unknown;
  loaded: string[];
  upstreamHeaders: Array<Record<string, string>>;
}

const ROOT = join(__dirname, '..', '..');
const NO_OTEL = { OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '', OTEL_SDK_DISABLED: '' };

async function probe(env: Record<string, string>): Promise<Probe> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join('test', 'observability', 'loadedModules.ts')], { cwd: ROOT, env: { ...process.env, ...NO_OTEL, ...env } });
  return JSON.parse(stdout) as Probe;
}

/**
 * prom-client requires the OpenTelemetry API (a no-op without an SDK) for its exemplars; the SDK and
 * the exporter, which do the work, must never be loaded while tracing is off.
 */
const API_ONLY = ['@opentelemetry/api'];

const CALLER_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const answered = { data: { syncs: { totalCount: expect.any(Number) } } };

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver.close());

describe('tracing off', () => {
  it('sends the upstream only the caller credentials, no traceparent, and loads no OpenTelemetry SDK module', async () => {
    const result = await probe({});
    expect(result.body).toEqual(answered);
    expect(result.loaded).toEqual(API_ONLY);
    expect(result.upstreamHeaders.length).toBeGreaterThan(0);
    for (const headers of result.upstreamHeaders) expect(Object.keys(headers).sort()).toEqual(['accept', 'authorization', 'connection', 'host', 'workspace-id']);
  });

  it('stays off with an endpoint when OTEL_SDK_DISABLED is true', async () => {
    const result = await probe({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SDK_DISABLED: 'true' });
    expect(result.loaded).toEqual(API_ONLY);
    expect(result.upstreamHeaders.every((headers) => headers.traceparent === undefined)).toBe(true);
    expect(receiver.exports).toEqual([]);
  });
});

describe('tracing on, the same probe', () => {
  it('loads the SDK and the exporter, and sends the upstream the caller trace', async () => {
    const result = await probe({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
    expect(result.body).toEqual(answered);
    expect(result.loaded).toEqual(expect.arrayContaining(['@opentelemetry/api', '@opentelemetry/core', '@opentelemetry/exporter-trace-otlp-http', '@opentelemetry/sdk-trace-base']));
    for (const headers of result.upstreamHeaders) {
      expect(headers.traceparent).toMatch(new RegExp(`^00-${CALLER_TRACE_ID}-[0-9a-f]{16}-01$`));
      expect(headers.tracestate).toBe('vendor=opaque');
    }
  });
});
