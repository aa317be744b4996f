/**
 * Tracing's switch. With no OTLP endpoint configured (and no exporter given), nothing of tracing
 * runs and no OpenTelemetry module is loaded: the spans' code and the SDK sit behind a dynamic import.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { GatewayContext, ObserverFactory } from '../context';
import type { TracingSettings } from './tracingConfig';

/** What the gateway wires in when tracing is on. */
export interface GatewayTracing {
  /** Makes each request's trace, continuing the caller's `traceparent`; it is the request's upstream observer. */
  observe: ObserverFactory;
  /** Starts and ends the operation, parse, validate and execute spans. */
  plugin: ApolloServerPlugin<GatewayContext>;
  /** Exports the spans still buffered and stops the provider (gateway stop). */
  shutdown(): Promise<void>;
}

export async function startTracing(settings: TracingSettings | undefined, exporter?: SpanExporter): Promise<GatewayTracing | undefined> {
  if (!settings && !exporter) return undefined;
  const { createTracing } = await import('./tracing/setup');
  return createTracing(settings, exporter);
}
