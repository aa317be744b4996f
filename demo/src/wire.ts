/**
 * The JSON bodies the demo upstream sends (docs/upstream-contract.md §2, §4.2): what serialize.ts
 * renders, typed so the compiler holds the serializers to them and tests can read responses without
 * casts. Attribute objects are type aliases (not interfaces) so they stay assignable to plain records.
 */
import type { PageLinks } from './pagination';
import type {
  ConnectorType,
  DemoSyncRecordLogs,
  ModelQueryType,
  ScheduleType,
  SyncIntervalUnit,
  SyncMapping,
  SyncMode,
  SyncRecordAction,
  SyncRecordStatus,
  SyncRunStatus,
  SyncRunType,
  SyncStatus,
} from './types';

export type { PageLinks } from './pagination';

/** A JSON:API resource: string id, type, attributes (docs/upstream-contract.md §2.1). */
export interface JsonApiResource<T extends string = string, A = Record<string, unknown>> {
  id: string;
  type: T;
  attributes: A;
}

/** A list response: one page of resources and the five pagination links. */
export interface ListBody<R> {
  data: R[];
  links: PageLinks;
}

/** A list that is not paginated (`GET /workspaces`): no links. */
export interface UnpagedListBody<R> {
  data: R[];
}

/** A single-resource response. */
export interface ItemBody<R> {
  data: R;
}

/** The connector embedded in a sync as `source` / `destination`: no configuration. */
export type ConnectorSummaryJson = {
  id: number;
  name: string;
  description: string | null;
  connector_type: ConnectorType;
  workspace_id: number;
  created_at: string;
  updated_at: string;
  connector_name: string;
  icon: string;
};

export type ConnectorAttributesJson = Omit<ConnectorSummaryJson, 'id'> & {
  /** Secrets masked. */
  configuration: Record<string, unknown>;
};

export type ModelAttributesJson = {
  name: string;
  description: string | null;
  query: string | null;
  query_type: ModelQueryType;
  configuration: Record<string, unknown> | null;
  primary_key: string | null;
  created_at: string;
  updated_at: string;
  connector: ({ id: number } & ConnectorAttributesJson) | null;
};

export type SyncAttributesJson = {
  /** Only from a hosted build (docs/upstream-contract.md §8). */
  name?: string;
  source_id: number;
  destination_id: number;
  model_id: number;
  configuration: SyncMapping[] | Record<string, string>;
  schedule_type: ScheduleType;
  sync_mode: SyncMode;
  sync_interval: number | null;
  sync_interval_unit: SyncIntervalUnit | null;
  cron_expression: string | null;
  stream_name: string;
  status: SyncStatus;
  cursor_field: string | null;
  current_cursor_field: string | null;
  updated_at: string;
  created_at: string;
  source: ConnectorSummaryJson | null;
  destination: ConnectorSummaryJson | null;
  model: ({ id: number } & ModelAttributesJson) | null;
};

export type SyncRunAttributesJson = {
  sync_id: number;
  status: SyncRunStatus;
  sync_run_type: SyncRunType;
  started_at: string | null;
  finished_at: string | null;
  /** Seconds, fractional; null until both timestamps are known. */
  duration: number | null;
  total_query_rows: number;
  total_rows: number;
  skipped_rows: number;
  successful_rows: number;
  failed_rows: number;
  error: string | null;
  created_at: string;
  updated_at: string;
};

export type SyncRecordAttributesJson = {
  sync_id: number;
  sync_run_id: number | null;
  record: Record<string, unknown>;
  status: SyncRecordStatus;
  action: SyncRecordAction;
  logs: DemoSyncRecordLogs | null;
  created_at: string;
  updated_at: string;
};

export type WorkspaceAttributesJson = {
  name: string;
  slug: string;
  status: string;
  api_key: string | null;
  created_at: string;
  updated_at: string;
  description: string | null;
  region: string;
  organization_id: number;
  organization_name: string;
};

export type ConnectorResource = JsonApiResource<'connectors', ConnectorAttributesJson>;
export type ModelResource = JsonApiResource<'models', ModelAttributesJson>;
export type SyncResource = JsonApiResource<'syncs', SyncAttributesJson>;
export type SyncRunResource = JsonApiResource<'sync_runs', SyncRunAttributesJson>;
export type SyncRecordResource = JsonApiResource<'sync_records', SyncRecordAttributesJson>;
export type WorkspaceResource = JsonApiResource<'workspaces', WorkspaceAttributesJson>;

/** Error envelopes A (render_error) and C (catch-all bad request). */
export interface ErrorListBody {
  errors: Array<{ status: number; title: string; detail: string; source?: { pointer: string } }>;
}

/** Error envelope B: contract messages per parameter (nested for nested parameters). */
export interface ContractErrorBody {
  errors: Record<string, unknown>;
}

/** Error envelope D (`find` raised RecordNotFound), and Rails' own `{ status, error }` pages. */
export interface PlainErrorBody {
  status?: number;
  error: string;
}

/** The schedule routes' success body (docs/upstream-contract.md §2.7). */
export interface MessageBody {
  message: string;
}
