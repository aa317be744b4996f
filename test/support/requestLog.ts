/**
 * The demo upstream's request log as short lines (`GET /api/v1/syncs?page=1&per_page=11`), so tests
 * can assert exactly which upstream requests a GraphQL request cost. Query keys are sorted.
 */
import type { DemoUpstream, UpstreamRequestLogEntry } from '../../demo/src/server';

export function requestLine(entry: Pick<UpstreamRequestLogEntry, 'method' | 'path' | 'query'>): string {
  const keys = Object.keys(entry.query).sort();
  const query = keys.map((key) => `${key}=${entry.query[key]}`).join('&');
  return `${entry.method} ${entry.path}${query ? `?${query}` : ''}`;
}

/** Every logged request, in arrival order. */
export function requestLines(upstream: DemoUpstream): string[] {
  return upstream.requests.map(requestLine);
}

/** Every logged request, sorted: for requests the gateway sends concurrently (their arrival order varies). */
export function sortedRequestLines(upstream: DemoUpstream): string[] {
  return requestLines(upstream).sort();
}
