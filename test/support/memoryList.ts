/**
 * An in-memory ListSource that pages like the upstream (page/per_page, links.last, `next` beyond the
 * last page ignored), for unit tests of the pagination math without HTTP. It counts its page requests.
 */
import type { ListSource } from '../../src/pagination/connection';
import type { FetchedPage } from '../../src/pagination/knowledge';
import type { PageRequest } from '../../src/pagination/plan';

export interface MemoryItem {
  id: number;
  key: number;
}

export interface MemoryList extends ListSource<MemoryItem> {
  items: MemoryItem[];
  requests: PageRequest[];
}

export function createMemoryList(items: MemoryItem[], options: { order?: 'asc' | 'desc'; binding?: string; maxPerPage?: number } = {}): MemoryList {
  const list: MemoryList = {
    items,
    requests: [],
    binding: options.binding ?? 'memory',
    order: options.order ?? 'asc',
    idOf: (item) => item.id,
    sortKeyOf: (item) => item.key,
    async fetchPage(request): Promise<FetchedPage<MemoryItem>> {
      list.requests.push(request);
      const perPage = options.maxPerPage ? Math.min(request.perPage, options.maxPerPage) : request.perPage;
      const start = (request.page - 1) * perPage;
      return {
        items: list.items.slice(start, start + perPage),
        page: request.page,
        perPage,
        lastPage: Math.max(1, Math.ceil(list.items.length / perPage)),
      };
    },
  };
  return list;
}

/** Items with ids 1..n and ascending keys. */
export function sequence(n: number): MemoryItem[] {
  return Array.from({ length: n }, (_, i) => ({ id: i + 1, key: 1000 + i * 10 }));
}
