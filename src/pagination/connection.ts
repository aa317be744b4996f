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
 * fetched along with the window (one request in the common case); anchor.ts finds it again when the
 * list moved. window.ts plans one round; this module runs the rounds and builds the connection.
 */
import { ErrorCode, gatewayError } from '../errors';
import type { CursorStatus } from './anchor';
import { normalizeConnectionArgs, type ConnectionArgs, type PaginationSettings } from './args';
import { encodeCursor } from './cursor';
import { ListKnowledge, type FetchedPage } from './knowledge';
import { coverRanges, type OffsetRange, type PageRequest } from './plan';
import { planWindow, type ResolvedWindow } from './window';

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
  /**
   * Resolved lazily: graphql-js's default resolver calls it only when `totalCount` is selected, and it
   * costs an upstream request only when the pages already fetched do not tell.
   */
  totalCount: () => Promise<number>;
}

/** Enough round trips for: probe, tail, anchor search, re-aligned window (and a margin for a capped per_page). */
const MAX_ROUNDS = 8;

export async function resolveConnection<T>(source: ListSource<T>, args: ConnectionArgs, settings: PaginationSettings): Promise<Connection<T>> {
  const normalized = normalizeConnectionArgs(args, source.binding, settings);
  const knowledge = new ListKnowledge<T>();
  // The vendor docs claim a maximum page size; if the upstream ever applies one, pages shrink to it.
  let maxPerPage: number | undefined;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const plan = planWindow(source, normalized, knowledge, settings.realignRadius, round);
    if (plan.kind === 'resolved') return buildConnection(source, plan.window, knowledge, settings.cursorSecret);
    maxPerPage = await fetchMissing(source, knowledge, plan.needs, maxPerPage);
  }
  throw gatewayError(ErrorCode.UPSTREAM_ERROR, 'The AI Squared API returned pages that do not fit together; retry the request.');
}

/**
 * Starts fetching the pages the first round of `resolveConnection` will ask for with these arguments,
 * and returns their promise: a field that can tell its connection's arguments before the connection
 * resolves (src/lookahead) has them fetched early, and the connection finds them in the request's
 * loaders. Undefined when the arguments are invalid (the connection itself reports that).
 */
export function prefetchFirstRound<T>(source: ListSource<T>, args: ConnectionArgs, settings: PaginationSettings): Promise<unknown> | undefined {
  let normalized;
  try {
    normalized = normalizeConnectionArgs(args, source.binding, settings);
  } catch {
    return undefined;
  }
  const knowledge = new ListKnowledge<T>();
  const plan = planWindow(source, normalized, knowledge, settings.realignRadius, 0);
  if (plan.kind === 'resolved') return undefined;
  return Promise.all(pageRequests(knowledge, plan.needs, undefined).map((request) => source.fetchPage(request)));
}

/** The pages that cover the parts of `needs` not known yet. */
function pageRequests<T>(knowledge: ListKnowledge<T>, needs: OffsetRange[], maxPerPage: number | undefined): PageRequest[] {
  const requests = coverRanges(
    needs.flatMap((range) => knowledge.missing(range)),
    maxPerPage,
  );
  // Every offset asked for is known, yet the length is not exact: a one-item page's links tell it.
  return requests.length > 0 ? requests : [{ page: 1, perPage: 1 }];
}

/** Fetches the parts of `needs` not known yet into `knowledge`; returns the page size cap seen so far. */
async function fetchMissing<T>(source: ListSource<T>, knowledge: ListKnowledge<T>, needs: OffsetRange[], maxPerPage: number | undefined): Promise<number | undefined> {
  const requests = pageRequests(knowledge, needs, maxPerPage);
  const pages = await Promise.all(requests.map((request) => source.fetchPage(request)));
  let cap = maxPerPage;
  pages.forEach((page, i) => {
    knowledge.add(page);
    if (page.perPage < requests[i]!.perPage) cap = Math.min(cap ?? page.perPage, page.perPage);
  });
  return cap;
}

function buildConnection<T>(source: ListSource<T>, window: ResolvedWindow, knowledge: ListKnowledge<T>, secret: Buffer): Connection<T> {
  const edges: Edge<T>[] = [];
  for (let offset = window.start; offset < window.end; offset += 1) {
    const node = knowledge.itemAt(offset);
    if (node === undefined) break; // past the end of the list
    const at = offset;
    edges.push(new LazyEdge(node, () => encodeCursor({ offset: at, id: source.idOf(node), key: source.sortKeyOf(node) }, source.binding, secret)));
  }
  let totalPromise: Promise<number> | undefined;
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    cursorStatus: window.cursorStatus,
    pageInfo: {
      hasNextPage: window.hasNextPage,
      hasPreviousPage: window.hasPreviousPage,
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      get endCursor() {
        return edges[edges.length - 1]?.cursor ?? null;
      },
    },
    totalCount: () => (totalPromise ??= countItems(source, knowledge)),
  };
}

/**
 * An edge whose cursor (an HMAC) is signed only when a query reads it: a page read through `nodes`
 * with `pageInfo { endCursor }` signs one cursor, not one per item.
 */
class LazyEdge<T> implements Edge<T> {
  private signed: string | undefined;

  constructor(
    readonly node: T,
    private readonly sign: () => string,
  ) {}

  get cursor(): string {
    this.signed ??= this.sign();
    return this.signed;
  }
}

/** The list's length: free when fetched pages tell it, else one request for a one-item page. */
async function countItems<T>(source: ListSource<T>, knowledge: ListKnowledge<T>): Promise<number> {
  if (knowledge.total !== undefined) return knowledge.total;
  const probe = await source.fetchPage({ page: 1, perPage: 1 });
  if (probe.items.length === 0) return 0;
  return probe.lastPage ?? knowledge.totalBounds.min;
}
