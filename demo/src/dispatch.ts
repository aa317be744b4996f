/**
 * Turns one request into one response, in the upstream's order: routing (404), authentication (401),
 * body parsing (400 envelope C), then the route handler with its own contract, workspace, lookup and
 * policy checks. Knows nothing about sockets.
 */
import { authenticate } from './auth';
import type { DemoRequest, DemoResponse } from './context';
import { badRequest, DemoHttpError } from './errors';
import { matchRoute } from './routes';
import type { DemoStore } from './store';

/** Rails' public-exceptions body for an unknown route (with a JSON Accept header). */
const ROUTE_NOT_FOUND: DemoResponse = { status: 404, body: { status: 404, error: 'Not Found' } };

export function dispatchDemoRequest(store: DemoStore, request: DemoRequest): DemoResponse {
  const route = matchRoute(request.method, request.path);
  if (!route) return ROUTE_NOT_FOUND;
  try {
    const user = authenticate(store, request.headers.authorization);
    if (request.bodyInvalid) throw badRequest('Error occurred while parsing request parameters');
    const body =
      typeof request.body === 'object' && request.body !== null && !Array.isArray(request.body)
        ? (request.body as Record<string, unknown>)
        : {};
    const params: Record<string, unknown> = Object.assign(Object.create(null) as object, request.query, body, route.pathParams);
    return route.handler({ ...request, store, user, params });
  } catch (error) {
    if (error instanceof DemoHttpError) return { status: error.status, body: error.body };
    throw error;
  }
}
