/**
 * Walks a whole connection through the gateway, forward (first/after) or backward (last/before),
 * and returns the node ids in list order plus the pageInfo of every page.
 */
import type { Harness } from './harness';

/**
 * `connectionPath` selects the connection inside `data`, e.g. (d) => d.sync.run.records.
 * `query` must declare `$first: Int, $after: String, $last: Int, $before: String` and select
 * `pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { databaseId } } totalCount`.
 */
export async function traverse(
  harness: Harness,
  query: string,
  variables: Record<string, unknown>,
  connectionPath: (data: any) => any,
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
    const response = await harness.graphql(query, vars);
    if (response.body.errors) throw new Error(JSON.stringify(response.body.errors));
    const connection = connectionPath(response.body.data);
    pages += 1;
    totalCounts.push(connection.totalCount);
    const pageIds = connection.edges.map((e: any) => e.node.databaseId);
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
