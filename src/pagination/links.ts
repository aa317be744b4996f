/**
 * Reads the upstream's pagination links. Only the `page` and `per_page` numbers are taken from them:
 * the scheme and host in a link are whatever the upstream saw, and are never followed.
 */
import type { PageLinks } from '../upstream/jsonApi';

export interface LinkFacts {
  /** Page number of `links.last`: max(total pages, 1). */
  lastPage: number | undefined;
  /** The page size the upstream really applied (links carry the effective `per_page`). */
  effectivePerPage: number | undefined;
}

export function readLinkFacts(links: PageLinks | undefined | null): LinkFacts {
  if (!links || typeof links !== 'object') return { lastPage: undefined, effectivePerPage: undefined };
  return {
    lastPage: numberParam(links.last, 'page'),
    effectivePerPage: numberParam(links.last, 'per_page') ?? numberParam(links.first, 'per_page'),
  };
}

/** A positive integer query parameter of a link, or undefined when absent or malformed. */
export function numberParam(link: string | null | undefined, name: string): number | undefined {
  if (typeof link !== 'string' || link.length > 4096) return undefined;
  const queryStart = link.indexOf('?');
  if (queryStart < 0) return undefined;
  const raw = new URLSearchParams(link.slice(queryStart + 1).split('#')[0]).get(name);
  if (raw === null || !/^\d{1,9}$/.test(raw)) return undefined;
  const value = Number(raw);
  return value >= 1 ? value : undefined;
}
