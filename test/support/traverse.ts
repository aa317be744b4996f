/**
 * Walks a whole connection through the gateway, forward (first/after) or backward (last/before),
 * and returns the node ids in list order plus the pageInfo of every page.
 */
import type { Harness } from './harness';
import { dataOf } from './response';

/** What PAGE_SELECTION selects. */
export interface PageShape {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: Array<{ cursor: string; node: { databaseId: number } }>;
}

/**
 * `connectionPath` selects the connection inside `data`, e.g. (d) => d.sync.run.records.
 * `query` must declare `$first: Int, $after: String, $last: Int, $before: String` and select
 * `pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { databaseId } } totalCount`.
 */
export async function traverse<D>(
  harness: Harness,
  query: string,
  variables: Record<string, unknown>,
  connectionPath: (data: D) => PageShape,
  direction: 'forward' | 'backward',
  size: number,
): Promise<{ ids: number[]; pages: number; totalCounts: number[] }> {
  const ids: number[] = [];
  const totalCounts: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  for (;;) {
    const vars: Record<string, unknown> =
      direction === 'forward' ? { ...variables, first: size, after: cursor } : { ...variables, last: size, before: cursor };
    const response = await harness.graphql<D>(query, vars);
    const connection = connectionPath(dataOf(response));
    pages += 1;
    totalCounts.push(connection.totalCount);
    const pageIds = connection.edges.map((e) => e.node.databaseId);
    if (direction === 'forward') ids.push(...pageIds);
    else ids.unshift(...pageIds);
    const more = direction === 'forward' ? connection.pageInfo.hasNextPage : connection.pageInfo.hasPreviousPage;
    if (!more) break;
    cursor = direction === 'forward' ? connection.pageInfo.endCursor : connection.pageInfo.startCursor;
    if (pages > 2000) throw new Error('pagination did not end');
  }
  return { ids, pages, totalCounts };
}

export const PAGE_SELECTION = 'totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { databaseId } }';
