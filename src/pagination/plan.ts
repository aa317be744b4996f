/**
 * The request plan: which upstream pages (page, per_page) to fetch so that a set of item offsets is
 * covered with the fewest requests. The upstream's per_page is free (no maximum), so a window of n
 * items at any offset usually fits in ONE page whose size is chosen for it, instead of walking fixed
 * pages: for the range [start, end) we look for the smallest per_page p >= end - start such that
 * start and end - 1 fall in the same page (floor(start / p) == floor((end - 1) / p)). When no such p
 * exists within a small over-fetch budget, two consecutive pages of size end - start cover it.
 */

export interface PageRequest {
  page: number;
  perPage: number;
}

/** Half-open range of offsets [start, end). */
export interface OffsetRange {
  start: number;
  end: number;
}

/** How many extra items (relative to the range length) a single covering page may carry. */
const OVERFETCH_FACTOR = 2;

/**
 * Pages that cover `range` with the fewest requests (1 when possible, else 2). `maxPerPage` is the
 * page size the upstream was seen to cap at, if any: then the range is walked in pages of that size.
 */
export function coverRange(range: OffsetRange, maxPerPage = Number.POSITIVE_INFINITY): PageRequest[] {
  const length = range.end - range.start;
  if (length <= 0) return [];
  if (length > maxPerPage) return walkRange(range, maxPerPage);
  const limit = Math.min(length * (1 + OVERFETCH_FACTOR), maxPerPage);
  for (let perPage = length; perPage <= limit; perPage += 1) {
    const firstPage = Math.floor(range.start / perPage);
    if (firstPage === Math.floor((range.end - 1) / perPage)) return [{ page: firstPage + 1, perPage }];
  }
  const firstPage = Math.floor(range.start / length);
  return [
    { page: firstPage + 1, perPage: length },
    { page: firstPage + 2, perPage: length },
  ];
}

/** Consecutive pages of `perPage` items that cover the range. */
function walkRange(range: OffsetRange, perPage: number): PageRequest[] {
  const pages: PageRequest[] = [];
  for (let page = Math.floor(range.start / perPage) + 1; (page - 1) * perPage < range.end; page += 1) pages.push({ page, perPage });
  return pages;
}

/**
 * Pages covering several ranges. Ranges that overlap or sit close together (gap no larger than the
 * smaller range) are merged first, so one request serves them both.
 */
export function coverRanges(ranges: OffsetRange[], maxPerPage?: number): PageRequest[] {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  const merged: OffsetRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.start - last.end <= Math.min(last.end - last.start, range.end - range.start)) {
      last.end = Math.max(last.end, range.end);
    } else {
      merged.push({ ...range });
    }
  }
  return merged.flatMap((range) => coverRange(range, maxPerPage));
}

/** Offsets a page covers. */
export function pageRange(request: PageRequest): OffsetRange {
  return { start: (request.page - 1) * request.perPage, end: request.page * request.perPage };
}
