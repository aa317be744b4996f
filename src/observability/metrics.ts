/**
 * The gateway's Prometheus metrics (docs/observability.md#metrics lists every one). Each gateway has a
 * registry of its own, so several gateways in one process (the tests) never mix their counts; the
 * process metrics come from one shared registry (./processMetrics.ts). Three feeds, all optional parts
 * of the gateway that exist only when METRICS is on:
 *  - an UpstreamObserver handed to every request (upstream requests, durations, retries, batch sizes);
 *  - an Apollo Server plugin (operations, their duration and outcome, in flight, Apollo's refusals);
 *  - `countRefusal`, called by the HTTP edge for the refusals it makes itself.
 * The breakers' state is read at scrape time. Every label is a closed list or bounded (./boundedLabel.ts).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { GatewayContext, ObserverFactory } from '../context';
import { REFUSAL_LIMITS, type RefusalLimit } from '../limits/refusal';
import type { BreakerStates } from '../upstream/breakers';
import { BoundedLabel, isPlainOperationName, isRouteTemplate, MAX_OPERATION_NAMES, MAX_ROUTES, retryCauseLabel, statusLabel } from './boundedLabel';
import { createMetricsHandler, type MetricsHandler } from './metricsEndpoint';
import { createOperationMetricsPlugin } from './operationMetrics';
import { processMetricsRegistry } from './processMetrics';
import type { UpstreamObserver } from './upstreamEvents';

export const METRIC_PREFIX = 'aisquared_gateway_';

export interface GatewayMetrics {
  /** This gateway's metrics and the process metrics: what /metrics serves. */
  registry: Registry;
  observe: ObserverFactory;
  plugin: ApolloServerPlugin<GatewayContext>;
  countRefusal(limit: RefusalLimit): void;
  handler: MetricsHandler;
  /** Adds the subscription gauges, read from `source` at scrape time (subscriptions start after the metrics). */
  watchSubscriptions(source: SubscriptionSource): SubscriptionSource;
}

/** What the subscription gauges read. */
export interface SubscriptionSource {
  /** Subscriptions open now, every transport. */
  readonly openSubscriptions: number;
  /** Upstream poll loops running now. */
  readonly pollLoops: number;
}

/** What the metrics read from the upstream client at scrape time. */
export interface BreakerSource {
  breakerStates(): BreakerStates;
}

const BREAKER_STATES = ['closed', 'open', 'half-open'] as const;
const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200];

export function createGatewayMetrics(breakers: BreakerSource): GatewayMetrics {
  const own = new Registry();
  const registers = [own];
  const refusals = new Counter({ name: `${METRIC_PREFIX}refusals_total`, help: 'Requests (or parts of one) refused by a limit or gate, by limit.', labelNames: ['limit'] as const, registers });
  // Every limit shows from the first scrape, at 0, so a rate over it is defined before the first refusal.
  for (const limit of REFUSAL_LIMITS) refusals.inc({ limit }, 0);
  const countRefusal = (limit: RefusalLimit) => refusals.inc({ limit });
  const plugin = createOperationMetricsPlugin({
    operations: new Counter({ name: `${METRIC_PREFIX}operations_total`, help: 'GraphQL operations handled, by name, type and outcome.', labelNames: ['operation', 'type', 'outcome'] as const, registers }),
    duration: new Histogram({ name: `${METRIC_PREFIX}operation_duration_seconds`, help: 'Time from the start of an operation to its response, by name and type.', labelNames: ['operation', 'type'] as const, registers }),
    inFlight: new Gauge({ name: `${METRIC_PREFIX}operations_in_flight`, help: 'GraphQL operations being handled now.', registers }),
    countRefusal,
    operationNames: new BoundedLabel(isPlainOperationName, MAX_OPERATION_NAMES),
  });
  const observer = createUpstreamMetrics(registers);
  registerBreakerGauges(registers, breakers);
  // Registered now (Registry.merge below copies the metrics there are), read from the source once it exists.
  let subscriptionSource: SubscriptionSource = { openSubscriptions: 0, pollLoops: 0 };
  registerSubscriptionGauges(registers, () => subscriptionSource);
  const watchSubscriptions = (source: SubscriptionSource) => (subscriptionSource = source);
  const registry = Registry.merge([own, processMetricsRegistry()]);
  return { registry, observe: () => observer, plugin, countRefusal, handler: createMetricsHandler(registry), watchSubscriptions };
}

/** One observer for every request: it only counts, and keeps nothing of a request. */
function createUpstreamMetrics(registers: Registry[]): UpstreamObserver {
  const requests = new Counter({
    name: `${METRIC_PREFIX}upstream_requests_total`,
    help: 'Upstream REST requests (every attempt), by method, route template, HTTP status and outcome.',
    labelNames: ['method', 'route', 'status', 'outcome'] as const,
    registers,
  });
  const duration = new Histogram({ name: `${METRIC_PREFIX}upstream_request_duration_seconds`, help: 'Upstream REST request duration (one attempt), by method and route template.', labelNames: ['method', 'route'] as const, registers });
  const retries = new Counter({ name: `${METRIC_PREFIX}upstream_retries_total`, help: 'Upstream requests retried, by route template and cause of the retry.', labelNames: ['route', 'cause'] as const, registers });
  const batches = new Histogram({ name: `${METRIC_PREFIX}loader_batch_size`, help: 'Distinct keys per loader batch, by resource type.', labelNames: ['resource'] as const, buckets: BATCH_BUCKETS, registers });
  const routes = new BoundedLabel(isRouteTemplate, MAX_ROUTES);
  const resources = new BoundedLabel((name) => /^[A-Z][A-Za-z]{0,39}$/.test(name), MAX_ROUTES);
  return {
    attemptStarted(start) {
      const route = routes.of(start.route);
      if (start.attempt > 1) retries.inc({ route, cause: retryCauseLabel(start.retryCause) });
      return (end) => {
        requests.inc({ method: start.method, route, status: statusLabel(end.status), outcome: end.outcome });
        duration.observe({ method: start.method, route }, end.durationMs / 1000);
      };
    },
    batchDispatched(resource, size) {
      batches.observe({ resource: resources.of(resource) }, size);
    },
  };
}

function registerBreakerGauges(registers: Registry[], breakers: BreakerSource): void {
  new Gauge({
    name: `${METRIC_PREFIX}upstream_breaker_state`,
    help: "The upstream origin's shared circuit breaker: 1 for its current state, 0 for the others.",
    labelNames: ['state'] as const,
    registers,
    collect() {
      const { origin } = breakers.breakerStates();
      for (const state of BREAKER_STATES) this.set({ state }, state === origin ? 1 : 0);
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}upstream_caller_breakers_open`,
    help: "Per-caller circuit breakers (one caller's route) open now.",
    registers,
    collect() {
      this.set(breakers.breakerStates().openCallerBreakers);
    },
  });
}

function registerSubscriptionGauges(registers: Registry[], source: () => SubscriptionSource): void {
  new Gauge({
    name: `${METRIC_PREFIX}subscriptions_open`,
    help: 'GraphQL subscriptions open now, over WebSocket and SSE.',
    registers,
    collect() {
      this.set(source().openSubscriptions);
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}subscription_poll_loops`,
    help: 'Upstream poll loops running now: one per caller and watched object, however many subscribers share it.',
    registers,
    collect() {
      this.set(source().pollLoops);
    },
  });
}
