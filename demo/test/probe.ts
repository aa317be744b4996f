/**
 * Requests whose progress through the demo upstream a test can watch without timing it. A probe is a
 * POST with a JSON body; the upstream logs that body as soon as it has read it, just before the
 * injected delay and the response gates, and without either it answers in the same event-loop turn.
 * So a log entry that has its body but no status yet, seen between two turns, is a held response.
 */
import type { DemoUpstream } from '../src/server';

/** POSTs `{ probe: n }` to `path` (no route: the upstream answers 404) and resolves to the status. */
export async function probe(upstream: DemoUpstream, n: number, path = '/api/v1/probe'): Promise<number> {
  const response = await fetch(`${upstream.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ probe: n }),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Logged requests whose body was read and whose response has not been written. */
export function heldRequests(upstream: DemoUpstream): string[] {
  return upstream.requests.filter((entry) => entry.body !== undefined && entry.status === 0).map((entry) => entry.path);
}

/** Resolves once `count` requests are held; checks once per event-loop turn (no timers). */
export async function untilHeld(upstream: DemoUpstream, count: number): Promise<void> {
  while (heldRequests(upstream).length < count) await new Promise((resolve) => setImmediate(resolve));
}
