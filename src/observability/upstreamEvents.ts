/**
 * What the upstream layer tells observers (the cost report, tracing, metrics) about the REST requests
 * behind an operation. One interface, fed from two places: the client (src/upstream/client.ts), for
 * every attempt that goes on the wire, and the request's loaders (src/loaders.ts), for every read
 * answered without a request. Observers are per GraphQL request (they sit in the CallScope), so a
 * process-wide observer such as the metrics is handed to every request's scope.
 *
 * Nothing here carries a token, a full URL or an id: routes are templates (`/api/v1/syncs/{id}`), so
 * every value is safe to show a developer, put in a span, or use as a bounded metric label.
 */

export type UpstreamMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** One attempt, as it goes on the wire. */
export interface UpstreamAttemptStart {
  method: UpstreamMethod;
  /** The path with every id replaced by `{id}`, without the configured base path or query. */
  route: string;
  /** The list page asked for, when the request is a page of a list. */
  page?: number;
  perPage?: number;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
  /** Why the previous attempt was retried (set when attempt > 1): `status_503`, `reset`, … */
  retryCause?: string;
  requestId: string;
}

/** How an attempt ended. */
export interface UpstreamAttemptEnd {
  /** The HTTP status, or undefined when no response head arrived. */
  status?: number;
  /** `ok` (2xx with a usable body), `http_error` (any other answer), or `transport_failure`. */
  outcome: 'ok' | 'http_error' | 'transport_failure';
  /** The response body's length in bytes (0 when none arrived). */
  bytes: number;
  durationMs: number;
}

/** A read the request's loaders answered without an upstream request. */
export interface UpstreamReadServed {
  route: string;
  page?: number;
  perPage?: number;
  /** `deduplicated`: the same read was still in flight; `cached`: it had finished (or a list primed it). */
  how: 'deduplicated' | 'cached';
}

export interface UpstreamObserver {
  /**
   * Called just before an attempt is sent; an observer may add headers to it (tracing adds
   * `traceparent`). Returns what to call when the attempt ends, if anything.
   */
  attemptStarted?(start: UpstreamAttemptStart, headers: HeaderSink): ((end: UpstreamAttemptEnd) => void) | undefined;
  readServed?(read: UpstreamReadServed): void;
  /** A loader dispatched a batch of `size` distinct keys of `resource` (a type name, or `Page`). */
  batchDispatched?(resource: string, size: number): void;
}

/**
 * Where an observer adds a header to an attempt. It can add, never read or replace: the caller's
 * credentials stay out of every observer's reach.
 */
export interface HeaderSink {
  set(name: string, value: string): void;
}

/** A sink that adds to `headers` any header they do not already have. */
export function headerSinkFor(headers: Record<string, string>): HeaderSink {
  return {
    set(name, value) {
      const key = name.toLowerCase();
      if (!(key in headers)) headers[key] = value;
    },
  };
}

const ID_SEGMENT = /^\d+$/;

/** `/api/v1/syncs/12/sync_runs` → `/api/v1/syncs/{id}/sync_runs`: every upstream id is a positive integer. */
export function routeTemplateOf(path: string): string {
  const queryAt = path.indexOf('?');
  const bare = queryAt === -1 ? path : path.slice(0, queryAt);
  return bare
    .split('/')
    .map((segment) => (ID_SEGMENT.test(segment) ? '{id}' : segment))
    .join('/');
}

/** The page and per_page of a list request's query, when it has them. */
export function pageOf(query: Record<string, string | number | undefined> | undefined): { page?: number; perPage?: number } {
  if (!query) return {};
  const page = Number(query.page);
  const perPage = Number(query.per_page);
  return { ...(Number.isSafeInteger(page) ? { page } : {}), ...(Number.isSafeInteger(perPage) ? { perPage } : {}) };
}

/** Tells every observer an attempt started; returns one function that ends it for all of them. */
export function startAttempt(observers: readonly UpstreamObserver[], start: UpstreamAttemptStart, headers: Record<string, string>): (end: UpstreamAttemptEnd) => void {
  const ends: Array<(end: UpstreamAttemptEnd) => void> = [];
  const sink = headerSinkFor(headers);
  for (const observer of observers) {
    const end = observer.attemptStarted?.(start, sink);
    if (end) ends.push(end);
  }
  return (end) => {
    for (const finish of ends) finish(end);
  };
}
