/**
 * The OpenTelemetry SDK side of tracing: a tracer provider of this gateway's own, with a batch span
 * processor exporting over OTLP/HTTP (JSON). Only src/observability/tracing.ts loads this module, and
 * only when tracing is configured, so an unconfigured gateway never loads the SDK or the exporter.
 *
 * The provider is not registered as the global one: it is passed down to the gateway that made it.
 * Two gateways in one process (the tests start many) then never export each other's spans, and a
 * stopped gateway's provider cannot swallow a later one's. It also needs no context manager: every
 * span is started with an explicit parent context.
 */
import { ROOT_CONTEXT } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import type { ObserverFactory } from '../../context';
import { DEFAULT_SERVICE_NAME, type SamplerName, type TracingSettings } from '../tracingConfig';
import type { GatewayTracing } from '../tracing';
import { OperationTrace, type TraceTools } from './operationTrace';
import { createTracingPlugin } from './plugin';

/**
 * How long one export, and so the flush at stop, may take, ms: the shutdown backstop
 * (SHUTDOWN_BACKSTOP_MS, 5 s) must not fire because a collector is down.
 */
const EXPORT_TIMEOUT_MS = 3000;

/**
 * `exporter` replaces the OTLP exporter (tests, with an in-memory one): spans are then handed to it
 * as each ends, so they are there by the time the response is.
 */
export function createTracing(settings: TracingSettings | undefined, exporter?: SpanExporter): GatewayTracing {
  // Every value is passed explicitly: the SDK's own OTEL_* fallbacks only ever see what was already
  // read and validated in src/config.ts.
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(settings?.resource ?? { 'service.name': DEFAULT_SERVICE_NAME }),
    sampler: samplerOf(settings?.sampler ?? 'always_on', settings?.samplerRatio ?? 1),
    spanProcessors: [exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(otlpExporter(settings), { exportTimeoutMillis: EXPORT_TIMEOUT_MS })],
  });
  const tools: TraceTools = { tracer: provider.getTracer(DEFAULT_SERVICE_NAME), propagator: new W3CTraceContextPropagator() };
  const observe: ObserverFactory = ({ header }) => {
    const callerContext = tools.propagator.extract(ROOT_CONTEXT, header, { get: (read, key) => read(key), keys: () => [] });
    return new OperationTrace(tools, callerContext);
  };
  return { observe, plugin: createTracingPlugin(), shutdown: () => provider.shutdown() };
}

function otlpExporter(settings: TracingSettings | undefined): SpanExporter {
  if (!settings) throw new Error('Tracing needs an OTLP endpoint or an exporter.');
  return new OTLPTraceExporter({ url: settings.tracesUrl, headers: settings.headers, timeoutMillis: EXPORT_TIMEOUT_MS });
}

function samplerOf(name: SamplerName, ratio: number): Sampler {
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
  }
}
