/**
 * The upstream's paginated lists as pagination ListSources: where each list lives, how it is
 * filtered and ordered, and which loaders its items prime.
 */
import type { GatewayContext } from './context';
import type { FetchedPage } from './pagination/knowledge';
import type { ListSource } from './pagination/connection';
import type { PageRequest } from './pagination/plan';
import { readLinkFacts } from './pagination/links';
import { upstreamPaths } from './upstream/paths';
import type {
  ConnectorAttributes,
  ConnectorData,
  ModelAttributes,
  ModelData,
  SyncAttributes,
  SyncData,
  SyncRecordAttributes,
  SyncRecordData,
  SyncRunAttributes,
  SyncRunData,
} from './upstream/records';
import { listData } from './upstream/resources';

type ListContext = Pick<GatewayContext, 'loaders' | 'credentials'>;

interface ListDefinition<A extends object> {
  /** Distinguishes lists in cursor bindings, e.g. "syncs/42/runs". */
  name: string;
  path: string;
  filters: Record<string, string | undefined>;
  order: 'asc' | 'desc';
  sortKey: (item: A & { id: number }) => string;
  prime?: (item: A & { id: number }) => void;
}

function createListSource<A extends object>(ctx: ListContext, definition: ListDefinition<A>): ListSource<A & { id: number }> {
  const filters: Record<string, string> = {};
  for (const [name, value] of Object.entries(definition.filters)) if (value !== undefined) filters[name] = value;
  const filterText = Object.entries(filters)
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  return {
    binding: `w${ctx.credentials.workspaceId ?? '-'}|${definition.name}|${filterText}`,
    order: definition.order,
    idOf: (item) => item.id,
    sortKeyOf: (item) => {
      const ms = Date.parse(definition.sortKey(item));
      return Number.isFinite(ms) ? ms : 0;
    },
    async fetchPage(request: PageRequest): Promise<FetchedPage<A & { id: number }>> {
      const body = await ctx.loaders.page.load({ path: definition.path, query: { ...filters, page: request.page, per_page: request.perPage } });
      const { items, links } = listData<A>(body);
      if (definition.prime) items.forEach(definition.prime);
      const facts = readLinkFacts(links);
      return { items, page: request.page, perPage: facts.effectivePerPage ?? request.perPage, lastPage: facts.lastPage };
    },
  };
}

export function syncList(ctx: ListContext): ListSource<SyncData> {
  return createListSource<SyncAttributes>(ctx, {
    name: 'syncs',
    path: upstreamPaths.syncs(),
    filters: {},
    order: 'desc',
    sortKey: (sync) => sync.updated_at,
    prime: (sync) => ctx.loaders.syncById.prime(sync.id, sync),
  });
}

export function syncRunList(ctx: ListContext, syncId: number, status: string | undefined): ListSource<SyncRunData> {
  return createListSource<SyncRunAttributes>(ctx, {
    name: `syncs/${syncId}/runs`,
    path: upstreamPaths.syncRuns(syncId),
    filters: { status },
    order: 'desc',
    sortKey: (run) => run.updated_at,
    prime: (run) => ctx.loaders.runByKey.prime({ syncId: run.sync_id ?? syncId, runId: run.id }, run),
  });
}

export function syncRecordList(ctx: ListContext, syncId: number, runId: number, status: string | undefined): ListSource<SyncRecordData> {
  return createListSource<SyncRecordAttributes>(ctx, {
    name: `syncs/${syncId}/runs/${runId}/records`,
    path: upstreamPaths.syncRecords(syncId, runId),
    filters: { status },
    order: 'asc',
    sortKey: (record) => record.created_at,
  });
}

/**
 * The sync's most recently updated run, or null when it has none: page 1 of one run, the same upstream
 * request as `runs { totalCount }` and the mutation payloads' run lookups, so they share it.
 */
export async function latestSyncRun(ctx: ListContext, syncId: number): Promise<SyncRunData | null> {
  const { items } = await syncRunList(ctx, syncId, undefined).fetchPage({ page: 1, perPage: 1 });
  return items[0] ?? null;
}

/** Connector filters in the upstream's spelling (`type`, `category`, `sub_category`); undefined = no filter. */
export interface ConnectorFilters {
  type: string | undefined;
  category: string | undefined;
  subCategory: string | undefined;
}

export function connectorList(ctx: ListContext, filters: ConnectorFilters): ListSource<ConnectorData> {
  return createListSource<ConnectorAttributes>(ctx, {
    name: 'connectors',
    path: upstreamPaths.connectors(),
    filters: { type: filters.type, category: filters.category, sub_category: filters.subCategory },
    order: 'desc',
    sortKey: (connector) => connector.updated_at,
    // Listed connectors are full resources (with their masked configuration).
    prime: (connector) => ctx.loaders.connectorById.prime(connector.id, connector),
  });
}

/** `queryTypes`: upstream query_type values, sent as one comma-separated `query_type`; undefined = every model. */
export function modelList(ctx: ListContext, queryTypes: readonly string[] | undefined): ListSource<ModelData> {
  return createListSource<ModelAttributes>(ctx, {
    name: 'models',
    path: upstreamPaths.models(),
    filters: { query_type: queryTypes?.join(',') },
    order: 'desc',
    sortKey: (model) => model.updated_at,
    prime: (model) => ctx.loaders.modelById.prime(model.id, model),
  });
}
