/**
 * Where a cursor's item stands in the list as it is now. A cursor carries the offset, id and sort key
 * of its item: the item is looked for at its old offset, then within `radius` items of it (the list
 * moved), then its position is derived from its sort key (it is gone). When none of these works the
 * connection fails with STALE_CURSOR instead of guessing.
 */
import { ErrorCode, gatewayError } from '../errors';
import type { ListSource } from './connection';
import type { CursorPosition } from './cursor';
import type { ListKnowledge } from './knowledge';
import type { OffsetRange } from './plan';

/**
 * How a cursor's item was found: EXACT at its old offset, MOVED elsewhere (items were inserted or
 * removed before it), or GONE (deleted or moved away: the boundary comes from its sort key).
 */
export type CursorStatus = 'EXACT' | 'MOVED' | 'GONE';

/**
 * `unverified`: the item at the old offset is not fetched yet; `searching`: the region around the old
 * offset is not fetched yet. Either way `need` was told what to fetch.
 */
export type AnchorResult = { kind: 'found'; index: number; status: CursorStatus } | { kind: 'unverified' } | { kind: 'searching' };

type OrderedList<T> = Pick<ListSource<T>, 'order' | 'idOf' | 'sortKeyOf'>;

/**
 * Finds the boundary a cursor stands for. For `after` it is the offset right after the cursor's item;
 * for `before`, the offset of the item itself (edges end before it). `need` asks for a range to be
 * fetched and says whether it is already known.
 */
export function locateAnchor<T>(
  source: OrderedList<T>,
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

  const region = { start: Math.max(0, anchor.offset - radius), end: anchor.offset + radius + 1 };
  if (!need(region)) return { kind: 'searching' };
  const searched = { start: region.start, end: Math.min(region.end, knowledge.total ?? region.end) };
  const moved = findItem(source, anchor.id, knowledge, searched);
  if (moved !== undefined) return { kind: 'found', index: boundaryOf(moved), status: 'MOVED' };
  const gone = placeBySortKey(source, anchor.key, kind, knowledge, searched);
  if (gone !== undefined) return { kind: 'found', index: gone, status: 'GONE' };
  throw gatewayError(
    ErrorCode.STALE_CURSOR,
    `The item that cursor "${kind}" points at has moved too far or is gone; restart pagination without "${kind}".`,
  );
}

/** The offset of the item with `id` within `range`, if it is there. */
function findItem<T>(source: OrderedList<T>, id: number, knowledge: ListKnowledge<T>, range: OffsetRange): number | undefined {
  for (let i = range.start; i < range.end; i += 1) {
    const item = knowledge.itemAt(i);
    if (item !== undefined && source.idOf(item) === id) return i;
  }
  return undefined;
}

/**
 * Where an item with sort key `key` would stand, when `range` shows it: the range must start before
 * that position (at the list's start, or on an item that is not yet the boundary) and the boundary
 * must lie inside it or at the list's end.
 */
function placeBySortKey<T>(source: OrderedList<T>, key: number, kind: 'after' | 'before', knowledge: ListKnowledge<T>, range: OffsetRange): number | undefined {
  const comesAfter = (item: T) => (source.order === 'asc' ? source.sortKeyOf(item) > key : source.sortKeyOf(item) < key);
  const comesBefore = (item: T) => (source.order === 'asc' ? source.sortKeyOf(item) < key : source.sortKeyOf(item) > key);
  // `after` continues with the first item strictly after the key; `before` ends before the first item not strictly before it.
  const isBoundary = kind === 'after' ? comesAfter : (item: T) => !comesBefore(item);
  const firstInRange = knowledge.itemAt(range.start);
  const startsBefore = range.start === 0 || (firstInRange !== undefined && !isBoundary(firstInRange));
  if (!startsBefore) return undefined;
  for (let i = range.start; i < range.end; i += 1) {
    const item = knowledge.itemAt(i);
    if (item !== undefined && isBoundary(item)) return i;
  }
  if (knowledge.total !== undefined && range.end === knowledge.total) return knowledge.total;
  return undefined;
}
