/**
 * Relay connections over a page-numbered list.
 *
 * The window is computed exactly as the Relay Cursor Connections spec defines it over the full
 * upstream list (ApplyCursorsToEdges, then `first`, then `last`; hasPreviousPage / hasNextPage from
 * the spec's algorithms, where "can efficiently determine" is always answered, because cursors know
 * their offsets). Only the offsets the answer needs are fetched, through the plan in plan.ts, and
 * every question is answered from pages already fetched when possible (their items, their length,
 * and their `links.last`).
 *
 * Stability: a cursor carries the offset, id and sort key of its item. The item at that offset is
 * fetched along with the window (one request in the common case). If another item is there now, the
 * cursor's item is searched for within `realignRadius` items of its old offset; if it is gone, the
 * position it would hold is found from its sort key. When neither works the connection fails with
 * STALE_CURSOR instead of guessing.
 */
import { ErrorCode, gatewayError } from '../errors';
import { normalizeConnectionArgs, type ConnectionArgs, type NormalizedArgs, type PaginationSettings } from './args';
import { encodeCursor, type CursorPosition } from './cursor';
import { ListKnowledge, type FetchedPage } from './knowledge';
import { coverRanges, type OffsetRange, type PageRequest } from './plan';

/** An upstream list, as pagination sees it. */
export interface ListSource<T> {
  /** Names the list, its parent, its filter and the workspace; cursors are bound to it. */
  binding: string;
  /** Direction of the upstream's order on sortKeyOf (syncs and runs: updated_at desc; records: created_at asc). */
  order: 'asc' | 'desc';
  fetchPage(request: PageRequest): Promise<FetchedPage<T>>;
  idOf(item: T): number;
  sortKeyOf(item: T): number;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  /** How the request's cursors were found in the list as it is now; null without cursors. */
  cursorStatus: CursorStatus | null;
  /** Resolved lazily: costs an upstream request only when the pages already fetched do not tell. */
  totalCount: () => Promise<number>;
}

/** Enough round trips for: probe, tail, anchor search, re-aligned window (and a margin for a capped per_page). */
const MAX_ROUNDS = 8;

export async function resolveConnection<T>(source: ListSource<T>, args: ConnectionArgs, settings: PaginationSettings): Promise<Connection<T>> {
  const normalized = normalizeConnectionArgs(args, source.binding, settings);
  const knowledge = new ListKnowledge<T>();
  let window: ResolvedWindow | undefined;
  // The vendor docs claim a maximum page size; if the upstream ever applies one, pages shrink to it.
  let maxPerPage: number | undefined;
  for (let round = 0; round < MAX_ROUNDS && !window; round += 1) {
    const needs: OffsetRange[] = [];
    window = planWindow(source, normalized, knowledge, settings.realignRadius, needs, round);
    if (window) break;
    let requests = coverRanges(
      needs.flatMap((range) => knowledge.missing(range)),
      maxPerPage,
    );
    // Every offset asked for is known, yet the length is not exact: a one-item page's links tell it.
    if (requests.length === 0) requests = [{ page: 1, perPage: 1 }];
    const pages = await Promise.all(requests.map((request) => source.fetchPage(request)));
    pages.forEach((page, i) => {
      knowledge.add(page);
      if (page.perPage < requests[i]!.perPage) maxPerPage = Math.min(maxPerPage ?? page.perPage, page.perPage);
    });
  }
  if (!window) {
    throw gatewayError(ErrorCode.UPSTREAM_ERROR, 'The AI Squared API returned pages that do not fit together; retry the request.');
  }
  return buildConnection(source, window, knowledge, settings.cursorSecret);
}

interface ResolvedWindow {
  start: number;
  end: number;
  hasPreviousPage: boolean;
  hasNextPage: boolean;
  cursorStatus: CursorStatus | null;
}

/** The least exact of the cursors' statuses (GONE over MOVED over EXACT); null without cursors. */
function worstStatus(statuses: CursorStatus[]): CursorStatus | null {
  for (const status of ['GONE', 'MOVED', 'EXACT'] as const) if (statuses.includes(status)) return status;
  return null;
}

/**
 * One planning round: either the finished window, or undefined with the offset ranges still needed
 * pushed onto `needs`. Everything is decided from `knowledge`; nothing here does I/O.
 */
function planWindow<T>(
  source: ListSource<T>,
  args: NormalizedArgs,
  knowledge: ListKnowledge<T>,
  radius: number,
  needs: OffsetRange[],
  round: number,
): ResolvedWindow | undefined {
  let complete = true;
  const need = (range: OffsetRange): boolean => {
    if (range.end <= range.start || knowledge.missing(range).length === 0) return true;
    needs.push(range);
    complete = false;
    return false;
  };
  const exists = (offset: number): boolean | undefined => {
    const known = knowledge.exists(offset);
    if (known === undefined) need({ start: offset, end: offset + 1 });
    return known;
  };

  // 1. Where the cursors' items are now. While unverified, assume they did not move, so that the
  //    anchors and the window are fetched together in the first round.
  let lo = 0;
  let hi: number | undefined;
  let searching = false;
  const statuses: CursorStatus[] = [];
  if (args.after) {
    const found = locateAnchor(source, args.after, 'after', knowledge, radius, need);
    if (found.kind === 'searching') searching = true;
    if (found.kind === 'found') statuses.push(found.status);
    lo = found.kind === 'found' ? found.index : args.after.offset + 1;
  }
  if (args.before) {
    const found = locateAnchor(source, args.before, 'before', knowledge, radius, need);
    if (found.kind === 'searching') searching = true;
    if (found.kind === 'found') statuses.push(found.status);
    hi = found.kind === 'found' ? found.index : args.before.offset;
  }
  if (searching) return undefined; // Do not fetch a window for a position we are about to correct.
  if (hi !== undefined && hi < lo) hi = lo;

  // 2. The spec's window: edges after the cursors = [lo, bound), bound = hi or the list's length.
  const { first, last } = args;
  let end: number | undefined; // end of the window after `first`
  const total = knowledge.total;
  if (first !== undefined) {
    // Without `before`, one item past the window tells hasNextPage; with it, nothing past `before` is needed.
    need({ start: lo, end: hi === undefined ? lo + first + 1 : Math.min(hi, lo + first) });
    if (hi !== undefined) end = Math.min(hi, lo + first);
    else {
      const more = exists(lo + first);
      if (more === true) end = lo + first;
      else if (more === false) end = knowledge.total ?? undefined;
    }
  } else if (hi !== undefined) {
    end = hi;
  } else if (total !== undefined) {
    end = total;
  } else if (last === 0) {
    end = lo; // an empty window; hasPreviousPage below only needs to know whether an item exists at lo
  } else {
    // `last` without `before` needs the list's length: probe from `lo`, then fetch the tail.
    const bounds = knowledge.totalBounds;
    const size = Math.max(last ?? 0, 1);
    if (round === 0 || !Number.isFinite(bounds.max)) {
      const from = Math.max(lo, bounds.min - size);
      need({ start: from, end: from + (size + 1) * 2 ** round });
    } else {
      need({ start: Math.max(lo, bounds.min - size), end: bounds.max });
    }
    return undefined;
  }
  if (end === undefined) return undefined;

  let start = lo;
  if (last !== undefined) start = Math.max(lo, end - last);
  need({ start, end });

  // 3. pageInfo, per the spec (C = number of edges after the cursors, before first/last slicing).
  let hasPreviousPage = false;
  let hasNextPage = false;
  if (last !== undefined) {
    const beyond = hi !== undefined ? hi - lo > last : exists(lo + last);
    if (beyond === undefined) return undefined;
    hasPreviousPage = beyond;
  }
  if (!hasPreviousPage && args.after) hasPreviousPage = lo > 0;
  if (first !== undefined) {
    const beyond = hi !== undefined ? hi - lo > first : exists(lo + first);
    if (beyond === undefined) return undefined;
    hasNextPage = beyond;
  }
  if (!hasNextPage && args.before && hi !== undefined) {
    const following = exists(hi);
    if (following === undefined) return undefined;
    hasNextPage = following;
  }
  if (!complete) return undefined;
  return { start, end: Math.max(start, end), hasPreviousPage, hasNextPage, cursorStatus: worstStatus(statuses) };
}

/**
 * How a cursor's item was found: EXACT at its old offset, MOVED elsewhere (items were inserted or
 * removed before it), or GONE (deleted or moved away: the boundary comes from its sort key).
 */
export type CursorStatus = 'EXACT' | 'MOVED' | 'GONE';

type AnchorResult = { kind: 'found'; index: number; status: CursorStatus } | { kind: 'unverified' } | { kind: 'searching' };

/**
 * Finds the boundary a cursor stands for. For `after` it is the offset right after the cursor's item;
 * for `before`, the offset of the item itself (edges end before it).
 */
function locateAnchor<T>(
  source: ListSource<T>,
  anchor: CursorPosition,
  kind: 'after' | 'before',
  knowledge: ListKnowledge<T>,
  radius: number,
  need: (range: OffsetRange) => boolean,
): AnchorResult {
  const boundaryOf = (offset: number) => (kind === 'after' ? offset + 1 : offset);
  const atOffset = knowledge.itemAt(anchor.offset);
  if (atOffset !== undefined && source.idOf(atOffset) === anchor.id) return { kind: 'found', index: boundaryOf(anchor.offset), status: 'EXACT' };
  if (atOffset === undefined && !knowledge.isKnown(anchor.offset)) {
    need({ start: anchor.offset, end: anchor.offset + 1 });
    return { kind: 'unverified' };
  }

  // The list moved: look for the item near its old offset.
  const region = { start: Math.max(0, anchor.offset - radius), end: anchor.offset + radius + 1 };
  if (!need(region)) return { kind: 'searching' };
  const regionEnd = Math.min(region.end, knowledge.total ?? region.end);
  for (let i = region.start; i < regionEnd; i += 1) {
    const item = knowledge.itemAt(i);
    if (item !== undefined && source.idOf(item) === anchor.id) return { kind: 'found', index: boundaryOf(i), status: 'MOVED' };
  }

  // The item is gone (or moved far): find where it would stand from its sort key.
  const comesAfter = (item: T) => (source.order === 'asc' ? source.sortKeyOf(item) > anchor.key : source.sortKeyOf(item) < anchor.key);
  const comesBefore = (item: T) => (source.order === 'asc' ? source.sortKeyOf(item) < anchor.key : source.sortKeyOf(item) > anchor.key);
  // `after` continues with the first item strictly after the key; `before` ends before the first item not strictly before it.
  const isBoundary = kind === 'after' ? comesAfter : (item: T) => !comesBefore(item);
  const firstInRegion = knowledge.itemAt(region.start);
  const startsBefore = region.start === 0 || (firstInRegion !== undefined && !isBoundary(firstInRegion));
  if (startsBefore) {
    for (let i = region.start; i < regionEnd; i += 1) {
      const item = knowledge.itemAt(i);
      if (item !== undefined && isBoundary(item)) return { kind: 'found', index: i, status: 'GONE' };
    }
    if (knowledge.total !== undefined && regionEnd === knowledge.total) return { kind: 'found', index: knowledge.total, status: 'GONE' };
  }
  throw gatewayError(
    ErrorCode.STALE_CURSOR,
    `The item that cursor "${kind}" points at has moved too far or is gone; restart pagination without "${kind}".`,
  );
}

function buildConnection<T>(source: ListSource<T>, window: ResolvedWindow, knowledge: ListKnowledge<T>, secret: Buffer): Connection<T> {
  const edges: Edge<T>[] = [];
  for (let offset = window.start; offset < window.end; offset += 1) {
    const node = knowledge.itemAt(offset);
    if (node === undefined) break; // past the end of the list
    const position = { offset, id: source.idOf(node), key: source.sortKeyOf(node) };
    edges.push({ cursor: encodeCursor(position, source.binding, secret), node });
  }
  let totalPromise: Promise<number> | undefined;
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    cursorStatus: window.cursorStatus,
    pageInfo: {
      hasNextPage: window.hasNextPage,
      hasPreviousPage: window.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: () => (totalPromise ??= countItems(source, knowledge)),
  };
}

/** The list's length: free when fetched pages tell it, else one request for a one-item page. */
async function countItems<T>(source: ListSource<T>, knowledge: ListKnowledge<T>): Promise<number> {
  if (knowledge.total !== undefined) return knowledge.total;
  const probe = await source.fetchPage({ page: 1, perPage: 1 });
  if (probe.items.length === 0) return 0;
  return probe.lastPage ?? knowledge.totalBounds.min;
}
