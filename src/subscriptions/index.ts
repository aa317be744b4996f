/**
 * Subscriptions, wired: the process's poll loops (registry.ts), its subscription slots (slots.ts), the
 * checks every subscription passes (admission.ts), the WebSocket transport on the gateway's HTTP server
 * (websocket.ts) and the Server-Sent Events one the HTTP edge hands its requests to (sse.ts). server.ts calls startSubscriptions once and close() on stop.
 */
import type { Server } from 'node:http';
import type { GatewayApollo } from '../apollo';
import type { GatewayConfig } from '../config';
import type { ContextDependencies } from '../context';
import type { Draining } from '../http/draining';
import { documentScanOf } from '../limits/scanRefusal';
import type { Logger } from '../logger';
import type { GatewayMetrics } from '../observability/metrics';

import { createAdmission } from './admission';
import { PollRegistry } from './registry';
import { SubscriptionSlots } from './slots';
import { createSseTransport, type SseTransport } from './sse';
import { createStreamContextFactory } from './streaming';
import { systemPollTimer, type PollTimer } from './timer';
import { attachWebSocketTransport } from './websocket';

export interface SubscriptionParts {
  config: Pick<GatewayConfig, 'subscriptions' | 'limits' | 'introspection' | 'pagination' | 'federation'>;
  httpServer: Server;
  path: string;
  apollo: Pick<GatewayApollo, 'schema' | 'validationRules'>;
  context: Omit<ContextDependencies, 'operationTimeoutMs'>;
  logger: Logger;
  draining: Draining;
  /** When polls run, and when idle connections are closed (tests drive both by hand). */
  timers?: { poll?: PollTimer; idle?: PollTimer };
  /** Counts refusals, and reads the open subscriptions and poll loops at scrape time. */
  metrics?: Pick<GatewayMetrics, 'countRefusal' | 'watchSubscriptions'>;
}

export interface Subscriptions {
  readonly registry: PollRegistry;
  readonly slots: SubscriptionSlots;
  /** GraphQL over Server-Sent Events: the HTTP edge hands it the requests it accepts. */
  readonly eventStreams: SseTransport;
  /** Completes every subscription, then closes the connections that carried them. */
  close(): Promise<void>;
}

export function startSubscriptions(parts: SubscriptionParts): Subscriptions {
  const { config, logger } = parts;
  const settings = config.subscriptions;
  const registry = new PollRegistry({
    timer: parts.timers?.poll ?? systemPollTimer,
    intervalMs: settings.pollIntervalMs,
    maxIntervalMs: settings.maxPollIntervalMs,
    onUnexpectedError: (error) => logger.error({ err: error }, 'a subscription poll failed'),
  });
  const slots = new SubscriptionSlots({ perConnection: settings.maxPerConnection, perProcess: settings.maxPerProcess });
  const exposeLimits = config.introspection;
  const admit = createAdmission({
    schema: parts.apollo.schema,
    validationRules: parts.apollo.validationRules,
    maxTokens: config.limits.maxTokens,
    scan: documentScanOf(config),
    cost: { maxCost: config.limits.maxCost, defaultPageSize: config.pagination.defaultPageSize, exposeLimits },
  });
  const createContext = createStreamContextFactory(parts.context, registry);
  const hideSuggestions = !config.introspection;
  const webSocket = attachWebSocketTransport({
    httpServer: parts.httpServer,
    path: parts.path,
    admit,
    createContext,
    hideSuggestions,
    registry,
    session: { slots, idleTimeoutMs: settings.idleTimeoutMs, timer: parts.timers?.idle ?? systemPollTimer },
    draining: parts.draining,
    countRefusal: parts.metrics?.countRefusal,
  });
  const eventStreams = createSseTransport({
    path: parts.path,
    admit,
    createContext,
    registry,
    slots,
    timer: parts.timers?.poll ?? systemPollTimer,
    maxReservations: settings.maxPerProcess,
    hideSuggestions,
    countRefusal: parts.metrics?.countRefusal,
    draining: parts.draining,
  });
  parts.metrics?.watchSubscriptions({
    get openSubscriptions() {
      return slots.count;
    },
    get pollLoops() {
      return registry.loopCount;
    },
  });
  return { registry, slots, eventStreams, close: async () => void (await Promise.all([webSocket.close(), eventStreams.close()])) };
}
