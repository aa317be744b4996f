/**
 * Process metrics (CPU, memory, event loop lag, GC, handles: prom-client's default metrics, under their
 * conventional `process_` and `nodejs_` names). They describe the process, not one gateway, so they are
 * collected once per process, in a registry of their own that every gateway's /metrics includes: each
 * collection starts an event-loop delay monitor and a GC observer that cannot be stopped, which
 * per-gateway collection would multiply in a process running many gateways (the tests).
 */
import { collectDefaultMetrics, Registry } from 'prom-client';

let processRegistry: Registry | undefined;

/** The process's registry, created (and its collection started) by the first gateway that asks. */
export function processMetricsRegistry(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}
