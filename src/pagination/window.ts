/**
 * One planning round of a connection: from what is known of the list (no I/O here), either the
 * window the Relay spec defines (ApplyCursorsToEdges, then `first`, then `last`) with its pageInfo,
 * or the offset ranges still to fetch before they can be decided.
 *
 * While a cursor's item is unverified, it is assumed not to have moved, so that the cursors' items
 * and the window are fetched together in the first round.
 */
import { locateAnchor, type AnchorResult, type CursorStatus } from './anchor';
import type { NormalizedArgs } from './args';
import type { ListSource } from './connection';
import type { ListKnowledge } from './knowledge';
import type { OffsetRange } from './plan';

export interface ResolvedWindow {
  start: number;
  end: number;
  hasPreviousPage: boolean;
  hasNextPage: boolean;
  cursorStatus: CursorStatus | null;
}

type WindowPlan = { kind: 'resolved'; window: ResolvedWindow } | { kind: 'fetch'; needs: OffsetRange[] };

/** The edges after the cursors: from `lo` up to `hi` (the list's end when undefined). */
interface EdgeBounds {
  lo: number;
  hi: number | undefined;
  statuses: CursorStatus[];
}

type PageFlags = Pick<ResolvedWindow, 'hasPreviousPage' | 'hasNextPage'>;

/** The ranges a round asks for; the round's answer stands only when it asked for nothing. */
class Needs<T> {
  readonly ranges: OffsetRange[] = [];

  constructor(private readonly knowledge: ListKnowledge<T>) {}

  /** Asks for `range` unless it is empty or known; true when nothing had to be asked. */
  readonly need = (range: OffsetRange): boolean => {
    if (range.end <= range.start || this.knowledge.missing(range).length === 0) return true;
    this.ranges.push(range);
    return false;
  };

  /** Whether the list has an item at `offset`; undefined (and asked for) while unknown. */
  readonly exists = (offset: number): boolean | undefined => {
    const known = this.knowledge.exists(offset);
    if (known === undefined) this.need({ start: offset, end: offset + 1 });
    return known;
  };
}

export function planWindow<T>(source: ListSource<T>, args: NormalizedArgs, knowledge: ListKnowledge<T>, radius: number, round: number): WindowPlan {
  const needs = new Needs(knowledge);
  const window = resolveWindow(source, args, knowledge, radius, round, needs);
  return window && needs.ranges.length === 0 ? { kind: 'resolved', window } : { kind: 'fetch', needs: needs.ranges };
}

function resolveWindow<T>(
  source: ListSource<T>,
  args: NormalizedArgs,
  knowledge: ListKnowledge<T>,
  radius: number,
  round: number,
  needs: Needs<T>,
): ResolvedWindow | undefined {
  const bounds = locateCursors(source, args, knowledge, radius, needs);
  if (!bounds) return undefined;
  const end = windowEnd(args, bounds, knowledge, round, needs);
  if (end === undefined) return undefined;
  const start = args.last === undefined ? bounds.lo : Math.max(bounds.lo, end - args.last);
  needs.need({ start, end });
  const flags = pageFlags(args, bounds, needs);
  if (!flags) return undefined;
  return { start, end: Math.max(start, end), ...flags, cursorStatus: worstStatus(bounds.statuses) };
}

/** Where the cursors' items are now; undefined while one is being searched for (no window is fetched for a position about to be corrected). */
function locateCursors<T>(source: ListSource<T>, args: NormalizedArgs, knowledge: ListKnowledge<T>, radius: number, needs: Needs<T>): EdgeBounds | undefined {
  const after = args.after && locateAnchor(source, args.after, 'after', knowledge, radius, needs.need);
  const before = args.before && locateAnchor(source, args.before, 'before', knowledge, radius, needs.need);
  if (after?.kind === 'searching' || before?.kind === 'searching') return undefined;
  const lo = boundaryOf(after, args.after ? args.after.offset + 1 : 0);
  const hi = args.before && boundaryOf(before, args.before.offset);
  const statuses = [after, before].flatMap((found) => (found?.kind === 'found' ? [found.status] : []));
  return { lo, hi: hi !== undefined && hi < lo ? lo : hi, statuses };
}

/** The boundary a located cursor stands for, or `assumed` while its item is unverified. */
function boundaryOf(result: AnchorResult | undefined, assumed: number): number {
  return result?.kind === 'found' ? result.index : assumed;
}

/** The end of the window after `first`; undefined while it depends on offsets not fetched yet. */
function windowEnd<T>(args: NormalizedArgs, bounds: EdgeBounds, knowledge: ListKnowledge<T>, round: number, needs: Needs<T>): number | undefined {
  if (args.first !== undefined) return endAfterFirst(args.first, bounds, knowledge, needs);
  if (bounds.hi !== undefined) return bounds.hi;
  if (knowledge.total !== undefined) return knowledge.total;
  // An empty window: hasPreviousPage then only needs to know whether an item exists at lo.
  if (args.last === 0) return bounds.lo;
  askForListEnd(args.last, bounds.lo, knowledge, round, needs);
  return undefined;
}

/** Without `before`, one item past the window tells hasNextPage; with it, nothing past `before` is needed. */
function endAfterFirst<T>(first: number, { lo, hi }: EdgeBounds, knowledge: ListKnowledge<T>, needs: Needs<T>): number | undefined {
  if (hi !== undefined) {
    needs.need({ start: lo, end: Math.min(hi, lo + first) });
    return Math.min(hi, lo + first);
  }
  needs.need({ start: lo, end: lo + first + 1 });
  const more = needs.exists(lo + first);
  if (more === undefined) return undefined;
  return more ? lo + first : knowledge.total;
}

/**
 * `last` without `before` needs the list's length: probe from `lo` (doubling the probe each round
 * while the length has no upper bound), then fetch the tail once it is bounded.
 */
function askForListEnd<T>(last: number | undefined, lo: number, knowledge: ListKnowledge<T>, round: number, needs: Needs<T>): void {
  const bounds = knowledge.totalBounds;
  const size = Math.max(last ?? 0, 1);
  const from = Math.max(lo, bounds.min - size);
  if (round === 0 || !Number.isFinite(bounds.max)) needs.need({ start: from, end: from + (size + 1) * 2 ** round });
  else needs.need({ start: from, end: bounds.max });
}

/** hasPreviousPage and hasNextPage per the spec; undefined while they depend on offsets not fetched yet. */
function pageFlags<T>(args: NormalizedArgs, bounds: EdgeBounds, needs: Needs<T>): PageFlags | undefined {
  const hasPreviousPage = previousPageFlag(args, bounds, needs);
  if (hasPreviousPage === undefined) return undefined;
  const hasNextPage = nextPageFlag(args, bounds, needs);
  if (hasNextPage === undefined) return undefined;
  return { hasPreviousPage, hasNextPage };
}

/** True when `last` cut edges off, or (with `after`) when anything precedes the edges. */
function previousPageFlag<T>(args: NormalizedArgs, bounds: EdgeBounds, needs: Needs<T>): boolean | undefined {
  if (args.last !== undefined) {
    const cut = hasMoreEdgesThan(args.last, bounds, needs);
    if (cut !== false) return cut;
  }
  return args.after !== undefined && bounds.lo > 0;
}

/** True when `first` cut edges off, or (with `before`) when an item follows the edges. */
function nextPageFlag<T>(args: NormalizedArgs, bounds: EdgeBounds, needs: Needs<T>): boolean | undefined {
  if (args.first !== undefined) {
    const cut = hasMoreEdgesThan(args.first, bounds, needs);
    if (cut !== false) return cut;
  }
  if (args.before && bounds.hi !== undefined) return needs.exists(bounds.hi);
  return false;
}

/** Whether more than `count` edges follow the cursors (the spec's "length of edges is greater than"). */
function hasMoreEdgesThan<T>(count: number, { lo, hi }: EdgeBounds, needs: Needs<T>): boolean | undefined {
  return hi !== undefined ? hi - lo > count : needs.exists(lo + count);
}

/** The least exact of the cursors' statuses (GONE over MOVED over EXACT); null without cursors. */
function worstStatus(statuses: CursorStatus[]): CursorStatus | null {
  for (const status of ['GONE', 'MOVED', 'EXACT'] as const) if (statuses.includes(status)) return status;
  return null;
}
