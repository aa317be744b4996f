/**
 * Serving the metrics: GET /metrics on the gateway's port, or, with METRICS_PORT, on a server of its
 * own (same host) that serves nothing else. The endpoint asks for no credentials: it carries no caller's
 * data (labels are bounded and never hold an id, a token or free text), but it shows traffic and
 * failures, so it should not be public; METRICS_PORT keeps it off the port a load balancer exposes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

export const METRICS_PATH = '/metrics';

export type MetricsHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Answers GET with the registry's text exposition format; any other method gets 405. */
export function createMetricsHandler(registry: Registry): MetricsHandler {
  return async (req, res) => {
    if (req.method !== 'GET') {
      res.statusCode = 405;
      res.setHeader('allow', 'GET');
      res.end();
      return;
    }
    const text = await registry.metrics();
    res.statusCode = 200;
    res.setHeader('content-type', registry.contentType);
    res.setHeader('cache-control', 'no-store');
    res.end(text);
  };
}

/** The server of METRICS_PORT (not yet listening): /metrics, and 404 for every other path. */
export function createMetricsServer(handler: MetricsHandler): Server {
  return createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://metrics.local').pathname;
    if (pathname === METRICS_PATH) {
      handler(req, res).catch(() => {
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
      return;
    }
    res.statusCode = 404;
    res.end();
  });
}
