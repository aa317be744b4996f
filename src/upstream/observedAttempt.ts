/**
 * The client's side of observation (src/observability/upstreamEvents.ts): what each attempt is called
 * for observers, and how its end is described. Kept out of client.ts so the retry policy reads alone;
 * with no observer in the scope, none of this runs.
 */
import { pageOf, routeTemplateOf, startAttempt, type UpstreamAttemptEnd, type UpstreamObserver } from '../observability/upstreamEvents';
import type { CallScope, UpstreamCall } from './client';
import type { Attempt, WireRequest } from './transport';

/** The attempt-independent part of what observers are told about a call. */
export interface ObservedCall {
  observers: readonly UpstreamObserver[];
  route: string;
  page?: number;
  perPage?: number;
}

export function observedCallOf(call: UpstreamCall, scope: CallScope): ObservedCall | undefined {
  const observers = scope.observers;
  if (!observers || observers.length === 0) return undefined;
  return { observers, route: routeTemplateOf(call.path), ...pageOf(call.query) };
}

export interface ObservedAttempt {
  /** The request to send: its own copy of the headers, which observers may have added to. */
  wire: WireRequest;
  /** Reports the attempt's end to every observer; `ok` is the verdict (a 2xx with a usable body). */
  end(outcome: Attempt, ok: boolean): void;
}

export function observeAttempt(observed: ObservedCall, request: WireRequest, scope: CallScope, attempt: number, retryCause: string | undefined): ObservedAttempt {
  const headers = { ...request.headers };
  const { observers, route, page, perPage } = observed;
  const finish = startAttempt(observers, { method: request.method, route, page, perPage, attempt, retryCause, requestId: scope.requestId }, headers);
  const started = performance.now();
  return {
    wire: { ...request, headers },
    end: (outcome, ok) => finish(attemptEndOf(outcome, ok, performance.now() - started)),
  };
}

function attemptEndOf(outcome: Attempt, ok: boolean, durationMs: number): UpstreamAttemptEnd {
  if (outcome.kind === 'failure') return { status: outcome.status || undefined, outcome: 'transport_failure', bytes: 0, durationMs };
  return { status: outcome.status, outcome: ok ? 'ok' : 'http_error', bytes: Buffer.byteLength(outcome.text), durationMs };
}

/** Why an attempt is retried, as a bounded label: `status_503` for an answer, the failure kind otherwise. */
export function retryCauseOf(outcome: Attempt): string {
  return outcome.kind === 'failure' ? outcome.failure : `status_${outcome.status}`;
}
