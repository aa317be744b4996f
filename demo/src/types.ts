/**
 * The demo upstream's in-memory rows. Field names are camelCase and timestamps are epoch milliseconds;
 * serialize.ts turns them into the upstream's snake_case JSON:API shapes (docs/upstream-contract.md §2).
 */

export type SyncStatus = 'disabled' | 'healthy' | 'pending' | 'failed' | 'aborted';
export type ScheduleType = 'manual' | 'interval' | 'cron_expression';
export type SyncMode = 'full_refresh' | 'incremental';
export type SyncIntervalUnit = 'minutes' | 'hours' | 'days' | 'weeks';
export type SyncRunStatus =
  | 'pending'
  | 'started'
  | 'querying'
  | 'queued'
  | 'in_progress'
  | 'success'
  | 'paused'
  | 'failed'
  | 'canceled';
export type SyncRunType = 'general' | 'test';
export type SyncRecordStatus = 'pending' | 'success' | 'failed';
export type SyncRecordAction = 'destination_insert' | 'destination_update';
export type ConnectorType = 'source' | 'destination';
export type ConnectorCategory = 'data' | 'ai_ml';
export type ConnectorSubCategory = 'llm' | 'database' | 'web' | 'ai_ml_service' | 'vector';
export type ModelQueryType =
  | 'raw_sql'
  | 'dbt'
  | 'soql'
  | 'table_selector'
  | 'ai_ml'
  | 'dynamic_sql'
  | 'unstructured'
  | 'vector_search';

export const SYNC_STATUSES: readonly SyncStatus[] = ['disabled', 'healthy', 'pending', 'failed', 'aborted'];
export const SYNC_RUN_STATUSES: readonly SyncRunStatus[] = [
  'pending',
  'started',
  'querying',
  'queued',
  'in_progress',
  'success',
  'paused',
  'failed',
  'canceled',
];
/** Runs in these states block a manual trigger and can be cancelled (docs/upstream-contract.md §5). */
export const ACTIVE_SYNC_RUN_STATUSES: readonly SyncRunStatus[] = ['pending', 'started', 'querying', 'queued', 'in_progress'];
export const SYNC_RECORD_STATUSES: readonly SyncRecordStatus[] = ['pending', 'success', 'failed'];
export const MODEL_QUERY_TYPES: readonly ModelQueryType[] = [
  'raw_sql',
  'dbt',
  'soql',
  'table_selector',
  'ai_ml',
  'dynamic_sql',
  'unstructured',
  'vector_search',
];

/** A resource kind a role grants actions on (the upstream's Pundit policies). */
export type PermissionResource = 'sync' | 'sync_run' | 'sync_record' | 'connector' | 'model' | 'workspace';
export type PermissionAction = 'read' | 'create' | 'update' | 'delete';

export interface DemoRole {
  name: string;
  permissions: Partial<Record<PermissionResource, readonly PermissionAction[]>>;
}

export interface DemoMembership {
  workspaceId: number;
  role: DemoRole;
}

export interface DemoUser {
  id: number;
  name: string;
  email: string;
  token: string;
  memberships: DemoMembership[];
  /** False for a user who has not accepted the EULA: a hosted build then refuses every call (403). */
  eulaAccepted?: boolean;
}

export interface DemoWorkspace {
  id: number;
  name: string;
  slug: string;
  status: string;
  description: string | null;
  region: string;
  organizationId: number;
  organizationName: string;
  createdAt: number;
  updatedAt: number;
}

export interface DemoConnector {
  id: number;
  workspaceId: number;
  name: string;
  description: string | null;
  connectorType: ConnectorType;
  /** Definition name, e.g. `Snowflake`, `Klaviyo`. */
  connectorName: string;
  icon: string;
  /** Stored but never serialized, like the upstream's `connector_category`. */
  category: ConnectorCategory;
  /** Stored but never serialized, like the upstream's `connector_sub_category`. */
  subCategory: ConnectorSubCategory;
  /** Unmasked; serialization replaces secret fields with `*************`. */
  configuration: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export interface DemoModel {
  id: number;
  workspaceId: number;
  connectorId: number;
  name: string;
  description: string | null;
  query: string | null;
  queryType: ModelQueryType;
  configuration: Record<string, unknown> | null;
  primaryKey: string | null;
  createdAt: number;
  updatedAt: number;
}

/** One mapping of the array-style sync configuration. */
export interface SyncMapping {
  from?: string;
  to: string;
  mapping_type: 'standard' | 'static' | 'template' | 'vector';
  value?: string;
  value_type?: string;
  template?: string;
  /** Vector mappings embed their text; the embedding provider's key is stored (and served) in clear text. */
  embedding_config?: { mode: string; model: string; api_key: string };
}

export interface DemoSync {
  id: number;
  workspaceId: number;
  /** Serialized only by a hosted build (docs/upstream-contract.md §2.2: the open-source server has no `name`). */
  name: string;
  sourceId: number;
  destinationId: number;
  modelId: number;
  /** Array of mappings, or the legacy object map `{ "<source column>": "<destination path>" }`. */
  configuration: SyncMapping[] | Record<string, string>;
  scheduleType: ScheduleType;
  syncMode: SyncMode;
  syncInterval: number | null;
  syncIntervalUnit: SyncIntervalUnit | null;
  cronExpression: string | null;
  streamName: string;
  status: SyncStatus;
  cursorField: string | null;
  currentCursorField: string | null;
  createdAt: number;
  updatedAt: number;
  /** Soft-delete marker: a discarded sync disappears from every endpoint. */
  discardedAt: number | null;
  /**
   * The workflow engine fails to start this sync's runs: a manual trigger still answers 200, and no run
   * appears (the server swallows the error, docs/upstream-contract.md §2.7).
   */
  workflowStartFails?: boolean;
}

export interface DemoSyncRun {
  id: number;
  syncId: number;
  workspaceId: number;
  status: SyncRunStatus;
  syncRunType: SyncRunType;
  startedAt: number | null;
  finishedAt: number | null;
  totalQueryRows: number;
  totalRows: number;
  skippedRows: number;
  successfulRows: number;
  failedRows: number;
  error: string | null;
  createdAt: number;
  updatedAt: number;
  discardedAt: number | null;
}

export interface DemoSyncRecordLogs {
  request: string;
  response: string;
  level: string;
}

export interface DemoSyncRecord {
  id: number;
  syncId: number;
  /** Null once the run was discarded: the record then belongs to no run. */
  syncRunId: number | null;
  record: Record<string, unknown>;
  status: SyncRecordStatus;
  action: SyncRecordAction;
  logs: DemoSyncRecordLogs | null;
  createdAt: number;
  updatedAt: number;
}

/** Everything the seed generator produces; the store takes ownership of it. */
export interface DemoData {
  workspaces: DemoWorkspace[];
  users: DemoUser[];
  connectors: DemoConnector[];
  models: DemoModel[];
  syncs: DemoSync[];
  /** In creation order. */
  runs: DemoSyncRun[];
  /** Grouped by run, each group in created_at ascending order. */
  records: DemoSyncRecord[];
}
