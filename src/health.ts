/**
 * Operational endpoints. `/healthz`: the process is alive and serving (no upstream call), also while it
 * drains, so a liveness probe never kills a replica that is finishing its requests. `/readyz`: the
 * replica is not leaving the rotation (src/http/draining.ts), upstream calls would go through (circuit
 * breaker not open) and the upstream answers a request that carries no credentials. Neither body names
 * the upstream's address.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readiness } from './upstream/readiness';

const HEALTH_PATH = '/healthz';
const READINESS_PATH = '/readyz';

export interface ReadinessSource {
  checkReadiness(): Promise<Readiness>;
}

/** Answers /healthz and /readyz; false (and nothing written) for any other path. */
export async function handleHealthRequest(req: IncomingMessage, res: ServerResponse, pathname: string, upstream: ReadinessSource, draining: boolean): Promise<boolean> {
  if (pathname !== HEALTH_PATH && pathname !== READINESS_PATH) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    send(req, res, 405, { status: 'method-not-allowed' });
    return true;
  }
  if (pathname === HEALTH_PATH) {
    send(req, res, 200, { status: 'ok' });
    return true;
  }
  if (draining) {
    // No upstream check: the answer no longer depends on the upstream.
    send(req, res, 503, { status: 'shutting-down' });
    return true;
  }
  const readiness = await upstream.checkReadiness();
  send(req, res, readiness.ready ? 200 : 503, { status: readiness.ready ? 'ready' : 'unavailable', upstream: readiness.upstream, breaker: readiness.breaker });
  return true;
}

function send(req: IncomingMessage, res: ServerResponse, status: number, body: Record<string, string>): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(req.method === 'HEAD' ? undefined : JSON.stringify(body));
}
