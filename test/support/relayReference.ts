/**
 * The Relay Cursor Connections spec's algorithms, written directly over a full in-memory list.
 * Tests compare the gateway's connections with this reference. Cursors here are item indices.
 * "Can the server efficiently determine…" is answered yes: the gateway knows its cursors' offsets.
 */
export interface ReferenceArgs {
  first?: number;
  last?: number;
  /** Index of the `after` item in the full list. */
  after?: number;
  /** Index of the `before` item in the full list. */
  before?: number;
}

export interface ReferenceResult<T> {
  items: T[];
  hasPreviousPage: boolean;
  hasNextPage: boolean;
  totalCount: number;
}

export function referenceConnection<T>(all: T[], args: ReferenceArgs): ReferenceResult<T> {
  // ApplyCursorsToEdges
  let lo = 0;
  let hi = all.length;
  if (args.after !== undefined) lo = Math.min(all.length, args.after + 1);
  if (args.before !== undefined) hi = Math.max(0, Math.min(hi, args.before));
  if (hi < lo) hi = lo;
  const afterCursors = all.slice(lo, hi);
  // EdgesToReturn
  let edges = afterCursors;
  if (args.first !== undefined && edges.length > args.first) edges = edges.slice(0, args.first);
  if (args.last !== undefined && edges.length > args.last) edges = edges.slice(edges.length - args.last);
  // HasPreviousPage / HasNextPage
  let hasPreviousPage = false;
  if (args.last !== undefined) hasPreviousPage = afterCursors.length > args.last;
  if (!hasPreviousPage && args.after !== undefined) hasPreviousPage = lo > 0;
  let hasNextPage = false;
  if (args.first !== undefined) hasNextPage = afterCursors.length > args.first;
  if (!hasNextPage && args.before !== undefined) hasNextPage = hi < all.length;
  return { items: edges, hasPreviousPage, hasNextPage, totalCount: all.length };
}
