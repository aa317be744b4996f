/**
 * Turns one request into one response, in the upstream's order: routing (404), authentication (401),
 * a hosted build's EULA check (403), body parsing (400, Rails' own answer), then the route handler with
 * its own contract, workspace, lookup and policy checks. Knows nothing about sockets.
 */
import { assertEulaAccepted, authenticate } from './auth';
import type { DemoBuild, DemoRequest, DemoResponse } from './context';
import { DemoHttpError, unparsableBody } from './errors';
import { matchRoute } from './routes';
import type { DemoStore } from './store';

/** Rails' public-exceptions body for an unknown route (with a JSON Accept header). */
const ROUTE_NOT_FOUND: DemoResponse = { status: 404, body: { status: 404, error: 'Not Found' } };

export function dispatchDemoRequest(store: DemoStore, request: DemoRequest, build: DemoBuild = 'open-source'): DemoResponse {
  const route = matchRoute(request.method, request.path);
  if (!route) return ROUTE_NOT_FOUND;
  try {
    const user = authenticate(store, request.headers.authorization);
    assertEulaAccepted(user, build);
    if (request.bodyInvalid) throw unparsableBody(request.headers.accept);
    const body =
      typeof request.body === 'object' && request.body !== null && !Array.isArray(request.body)
        ? (request.body as Record<string, unknown>)
        : {};
    const params: Record<string, unknown> = Object.assign(Object.create(null) as object, request.query, body, route.pathParams);
    return route.handler({ ...request, store, build, user, params });
  } catch (error) {
    if (error instanceof DemoHttpError) return { status: error.status, body: error.body };
    throw error;
  }
}
