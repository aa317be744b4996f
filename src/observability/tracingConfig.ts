/**
 * The tracing settings, read from the standard OpenTelemetry variables (the subset the gateway
 * supports). Tracing is on exactly when an OTLP endpoint is configured and OTEL_SDK_DISABLED is not
 * true; the SDK is then given these values explicitly (src/observability/tracing/setup.ts), because
 * src/index.ts is the only reader of process.env and a bad value must stop the gateway at start,
 * listed with every other problem, rather than be ignored by the SDK with a diagnostic nobody reads.
 */
import type { EnvReader } from '../envReader';

export const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'] as const;
export type SamplerName = (typeof SAMPLERS)[number];

export interface TracingSettings {
  /** Where spans are POSTed (OTLP/HTTP JSON), the `/v1/traces` path included. */
  tracesUrl: string;
  /** Headers sent with every export (a collector's API key, for instance). */
  headers: Record<string, string>;
  /** `service.name` and any other resource attributes. */
  resource: Record<string, string>;
  sampler: SamplerName;
  /** The ratio of traceidratio samplers, in [0, 1]. */
  samplerRatio: number;
}

export const DEFAULT_SERVICE_NAME = 'aisquared-graphql-gateway';

/** The tracing settings, or undefined when tracing is off. */
export function readTracing(read: EnvReader): TracingSettings | undefined {
  const disabled = read.bool('OTEL_SDK_DISABLED', false);
  const tracesUrl = readTracesUrl(read);
  if (disabled || tracesUrl === undefined) return undefined;
  const protocol = read.raw('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL')?.trim() || read.raw('OTEL_EXPORTER_OTLP_PROTOCOL')?.trim();
  if (protocol && protocol !== 'http/json') read.report(`OTEL_EXPORTER_OTLP_PROTOCOL must be http/json (the gateway exports OTLP/HTTP with JSON), got "${protocol}".`);
  const resource = readPairs(read, 'OTEL_RESOURCE_ATTRIBUTES');
  resource['service.name'] = read.raw('OTEL_SERVICE_NAME')?.trim() || resource['service.name'] || DEFAULT_SERVICE_NAME;
  return {
    tracesUrl,
    headers: { ...readPairs(read, 'OTEL_EXPORTER_OTLP_HEADERS'), ...readPairs(read, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS') },
    resource,
    sampler: read.choice('OTEL_TRACES_SAMPLER', SAMPLERS, 'parentbased_always_on'),
    samplerRatio: readRatio(read),
  };
}

/** The signal-specific endpoint as given; the general one with `v1/traces` appended (as the OTLP spec says). */
function readTracesUrl(read: EnvReader): string | undefined {
  const specific = read.raw('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT')?.trim();
  const general = read.raw('OTEL_EXPORTER_OTLP_ENDPOINT')?.trim();
  const name = specific ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT';
  const raw = specific || general;
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    read.report(`${name} must be an absolute http(s) URL, got "${raw}".`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    read.report(`${name} must use http or https, got "${url.protocol}".`);
    return undefined;
  }
  return specific ? url.href : `${url.href.replace(/\/+$/, '')}/v1/traces`;
}

/** `key1=value1,key2=value2` with percent-encoded values (the W3C baggage format the OTEL_* lists use). */
function readPairs(read: EnvReader, name: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  const raw = read.raw(name)?.trim();
  if (!raw) return pairs;
  for (const item of raw.split(',')) {
    const at = item.indexOf('=');
    const key = at > 0 ? item.slice(0, at).trim() : '';
    if (!key) {
      read.report(`${name} must be a comma-separated list of key=value pairs, got "${item.trim()}".`);
      continue;
    }
    try {
      pairs[key] = decodeURIComponent(item.slice(at + 1).trim());
    } catch {
      read.report(`${name} has a value for "${key}" that is not valid percent-encoding.`);
    }
  }
  return pairs;
}

function readRatio(read: EnvReader): number {
  const raw = read.raw('OTEL_TRACES_SAMPLER_ARG')?.trim();
  if (!raw) return 1;
  const ratio = Number(raw);
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
    read.report(`OTEL_TRACES_SAMPLER_ARG must be a number between 0 and 1, got "${raw}".`);
    return 1;
  }
  return ratio;
}
