/**
 * Rails' default conditional-GET middleware (Rack::ETag + Rack::ConditionalGet,
 * docs/upstream-contract.md §6): successful responses carry a weak ETag and `Cache-Control: max-age=0,
 * private, must-revalidate`; a GET whose If-None-Match lists that ETag gets 304 with no body.
 */
import { createHash } from 'node:crypto';

export const REVALIDATE_CACHE_CONTROL = 'max-age=0, private, must-revalidate';
/** What Rails sends on responses that carry no ETag (errors). */
export const NO_CACHE_CONTROL = 'no-cache';

/** Rack 3's weak ETag: the first 32 hex digits of the body's SHA-256. */
export function weakEtag(body: string): string {
  return `W/"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
}

export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((candidate) => {
    const value = candidate.trim();
    return value === '*' || value === etag;
  });
}
