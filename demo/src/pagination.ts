/**
 * Kaminari paging plus the upstream's custom JSON:API pagination links
 * (docs/upstream-contract.md §3, §3.1), quirks included: `per_page` falls back to 10 unless it starts
 * with a digit, `per_page=0` is a 400, pages below 1 are page 1, pages beyond the last are empty, and
 * `next` keeps counting past the last page.
 */
import { badRequest } from './errors';
import { encodeQuery } from './query';
import { rubyToInteger } from './rubyNumbers';

export const DEFAULT_PER_PAGE = 10;

export interface PageLinks {
  self: string;
  first: string;
  prev: string | null;
  next: string | null;
  last: string;
}

export interface Page<T> {
  items: T[];
  links: PageLinks;
}

/**
 * Kaminari's `per(per_page)`: the default unless the raw value starts with a digit (so negatives and
 * words fall back), otherwise its leading integer. Returns 0 for a zero page size, which the caller rejects.
 */
export function resolvePerPage(raw: string | undefined): number {
  if (raw === undefined || !/^\d/m.test(raw)) return DEFAULT_PER_PAGE;
  return rubyToInteger(raw) < 0 ? DEFAULT_PER_PAGE : rubyToInteger(raw);
}

/** Kaminari's `page(page)`: the leading integer, and page 1 for anything below 1 (or non-numeric). */
export function resolvePage(raw: string | undefined): number {
  return raw === undefined ? 1 : Math.max(1, rubyToInteger(raw));
}

export function buildPageLinks(
  base: string,
  query: Readonly<Record<string, string>>,
  page: number,
  perPage: number,
  totalPages: number,
): PageLinks {
  const to = (target: number): string =>
    `${base}?${encodeQuery({ ...query, page: String(target), per_page: String(perPage) })}`;
  return {
    self: `${base}?${encodeQuery(query)}`,
    first: to(1),
    prev: page <= 1 ? null : to(page - 1),
    next: page === totalPages || totalPages <= 1 ? null : to(page + 1),
    last: to(Math.max(totalPages, 1)),
  };
}

/**
 * One page of `items` for a list request. `base` is the absolute request URL without its query and
 * `query` the request's own parameters (kept in every link).
 */
export function paginate<T>(items: readonly T[], base: string, query: Readonly<Record<string, string>>): Page<T> {
  const perPage = resolvePerPage(query.per_page);
  // Kaminari divides by the page size while the links are built; the action's catch-all turns that into a 400.
  if (perPage === 0) throw badRequest('divided by 0');
  const page = resolvePage(query.page);
  const totalPages = Math.ceil(items.length / perPage);
  const offset = (page - 1) * perPage;
  return {
    items: offset >= items.length ? [] : items.slice(offset, offset + perPage),
    links: buildPageLinks(base, query, page, perPage, totalPages),
  };
}
