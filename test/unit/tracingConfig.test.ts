/**
 * The OTEL_* variables the gateway reads (src/observability/tracingConfig.ts, through loadConfig).
 */
import { ConfigError, loadConfig } from '../../src/config';

const tracingOf = (env: Record<string, string>) => loadConfig(env).tracing;

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('tracing settings', () => {
  it('are off without an endpoint, and off with one when OTEL_SDK_DISABLED is true', () => {
    expect(tracingOf({})).toBeUndefined();
    expect(tracingOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318', OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
  });

  it('append v1/traces to the general endpoint and take the traces endpoint as it is', () => {
    expect(tracingOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318' })).toEqual({
      tracesUrl: 'http://localhost:4318/v1/traces',
      headers: {},
      resource: { 'service.name': 'aisquared-graphql-gateway' },
      sampler: 'parentbased_always_on',
      samplerRatio: 1,
    });
    expect(tracingOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.example/otlp/' })?.tracesUrl).toBe('https://collector.example/otlp/v1/traces');
    expect(tracingOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/custom' })?.tracesUrl).toBe('http://b:4318/custom');
  });

  it('read headers, the service name, resource attributes and the sampler', () => {
    const tracing = tracingOf({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key=a%20b,x-team=core',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-team=gateway',
      OTEL_SERVICE_NAME: 'gateway-eu',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=prod,service.name=ignored',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    });
    expect(tracing).toMatchObject({
      headers: { 'api-key': 'a b', 'x-team': 'gateway' },
      resource: { 'service.name': 'gateway-eu', 'deployment.environment.name': 'prod' },
      sampler: 'parentbased_traceidratio',
      samplerRatio: 0.25,
    });
  });

  it('report every bad value at once', () => {
    expect(
      problemsOf({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_EXPORTER_OTLP_HEADERS: 'novalue',
        OTEL_TRACES_SAMPLER: 'sometimes',
        OTEL_TRACES_SAMPLER_ARG: '2',
      }),
    ).toEqual([
      'OTEL_EXPORTER_OTLP_PROTOCOL must be http/json (the gateway exports OTLP/HTTP with JSON), got "grpc".',
      'OTEL_EXPORTER_OTLP_HEADERS must be a comma-separated list of key=value pairs, got "novalue".',
      'OTEL_TRACES_SAMPLER must be one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio, got "sometimes".',
      'OTEL_TRACES_SAMPLER_ARG must be a number between 0 and 1, got "2".',
    ]);
    expect(problemsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'localhost:4318' })).toEqual(['OTEL_EXPORTER_OTLP_ENDPOINT must use http or https, got "localhost:".']);
  });
});
