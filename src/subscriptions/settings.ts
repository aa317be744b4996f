/** The subscription settings and how src/config.ts reads them from the environment. */
import type { EnvReader } from '../envReader';

export interface SubscriptionSettings {
  /** SUBSCRIPTION_POLL_MS: the wait after a poll that found a change. */
  pollIntervalMs: number;
  /** SUBSCRIPTION_POLL_MAX_MS: the longest wait, reached by doubling while nothing changes. */
  maxPollIntervalMs: number;
  /** MAX_SUBSCRIPTIONS_PER_CONNECTION: on one WebSocket. */
  maxPerConnection: number;
  /** MAX_SUBSCRIPTIONS_PER_PROCESS: over every connection and transport. */
  maxPerProcess: number;
  /** SUBSCRIPTION_IDLE_TIMEOUT_MS: how long a WebSocket may carry no subscription before it is closed. */
  idleTimeoutMs: number;
}

export function readSubscriptionSettings(read: EnvReader): SubscriptionSettings {
  const pollIntervalMs = read.int('SUBSCRIPTION_POLL_MS', 2000, 100, 600000);
  return {
    pollIntervalMs,
    maxPollIntervalMs: read.int('SUBSCRIPTION_POLL_MAX_MS', Math.max(30000, pollIntervalMs), pollIntervalMs, 3600000),
    maxPerConnection: read.int('MAX_SUBSCRIPTIONS_PER_CONNECTION', 20, 1, 1000),
    maxPerProcess: read.int('MAX_SUBSCRIPTIONS_PER_PROCESS', 5000, 1, 1000000),
    idleTimeoutMs: read.int('SUBSCRIPTION_IDLE_TIMEOUT_MS', 60000, 1000, 3600000),
  };
}
