/**
 * A resource's paginated upstream lists (the syncs, a sync's runs, a run's records, ...) described
 * once, and turned into the pagination engine's ListSource for one request. Items are tagged with
 * their resource's type, and primed into its loader where the list serves whole objects.
 */
import type { GatewayContext } from '../context';
import type { ConnectionArgs } from '../pagination/args';
import { prefetchFirstRound, resolveConnection, type Connection, type ListSource } from '../pagination/connection';
import type { FetchedPage } from '../pagination/knowledge';
import { readLinkFacts } from '../pagination/links';
import type { PageRequest } from '../pagination/plan';
import { listData, type WithId } from '../upstream/jsonApi';
import { tagAs, type DataOf, type Resource, type ResourceKey, type Tagged } from './resource';

/** `Parent` is what names the list (e.g. the sync of a run list); `Filters` its filter arguments. */
export interface ListDefinition<Parent, Filters, A extends object, Key extends ResourceKey> {
  /** The resource the items are objects of. */
  resource: Resource<string, Key, Tagged<WithId<A>>>;
  /** Names the list (and its parent) in cursor bindings, e.g. "syncs/42/runs": a cursor works only where it was issued. */
  name(parent: Parent): string;
  path(parent: Parent): string;
  /** Filters in the upstream's query spelling; undefined values are left out. */
  query(filters: Filters): Record<string, string | undefined>;
  /** Direction of the upstream's order on `sortKey` (docs/upstream-contract.md §3.2). */
  order: 'asc' | 'desc';
  /** The timestamp the upstream orders the list by. */
  sortKey(item: WithId<A>): string;
  /** The loader key an item is primed under, when listed items are whole objects; absent: never primed. */
  primeKey?(item: WithId<A>, parent: Parent): Key;
}

type ListContext = Pick<GatewayContext, 'loaders' | 'credentials'>;

export function listSource<Parent, Filters, A extends object, Key extends ResourceKey>(
  ctx: ListContext,
  list: ListDefinition<Parent, Filters, A, Key>,
  parent: Parent,
  filters: Filters,
): ListSource<Tagged<WithId<A>>> {
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(list.query(filters))) if (value !== undefined) query[name] = value;
  const filterText = Object.entries(query)
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const path = list.path(parent);
  return {
    binding: `w${ctx.credentials.workspaceId ?? '-'}|${list.name(parent)}|${filterText}`,
    order: list.order,
    idOf: (item) => item.id,
    sortKeyOf: (item) => {
      const ms = Date.parse(list.sortKey(item));
      return Number.isFinite(ms) ? ms : 0;
    },
    fetchPage(request: PageRequest): Promise<FetchedPage<Tagged<WithId<A>>>> {
      return ctx.loaders.parsedPage({ path, query: { ...query, page: request.page, per_page: request.perPage } }, (body) => {
        const { items, links } = listData<A>(body);
        const tagged = items.map((item) => tagAs(list.resource.typeName, item));
        if (list.primeKey) for (const item of tagged) ctx.loaders.prime(list.resource, list.primeKey(item, parent), item as DataOf<typeof list.resource>);
        const facts = readLinkFacts(links);
        return { items: tagged, page: request.page, perPage: facts.effectivePerPage ?? request.perPage, lastPage: facts.lastPage };
      });
    },
  };
}

/** The Relay connection a field returns: the list, read for `parent` with `filters`, windowed by the Relay arguments. */
export function resolveList<Parent, Filters, A extends object, Key extends ResourceKey>(
  ctx: ListContext & Pick<GatewayContext, 'pagination'>,
  list: ListDefinition<Parent, Filters, A, Key>,
  parent: Parent,
  filters: Filters,
  args: ConnectionArgs,
): Promise<Connection<Tagged<WithId<A>>>> {
  return resolveConnection(listSource(ctx, list, parent, filters), args, ctx.pagination);
}

/** Starts fetching the pages `resolveList` will first need for these arguments (see src/lookahead). */
export function prefetchList<Parent, Filters, A extends object, Key extends ResourceKey>(
  ctx: ListContext & Pick<GatewayContext, 'pagination'>,
  list: ListDefinition<Parent, Filters, A, Key>,
  parent: Parent,
  filters: Filters,
  args: ConnectionArgs,
): Promise<unknown> | undefined {
  return prefetchFirstRound(listSource(ctx, list, parent, filters), args, ctx.pagination);
}
