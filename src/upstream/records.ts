/**
 * Payload types of the AI Squared REST API, as its serializers emit them (see README "Upstream contract").
 * `...Attributes` is a resource's attributes object, `...Payload` a whole response body, and `...Data`
 * the attributes plus the numeric upstream id, which is what resolvers receive.
 * Every field is typed as optional-tolerant where the contract or the vendor docs disagree.
 */

/** JSON:API resource object as the upstream sends it (string id, snake_case attributes). */
export interface ResourceObject<A> {
  id: string;
  type: string;
  attributes: A;
}

/** The five pagination links. Hosts in them are never followed: only their `page` is read. */
export interface PageLinks {
  self?: string | null;
  first?: string | null;
  prev?: string | null;
  next?: string | null;
  last?: string | null;
}

export interface ListPayload<A> {
  data: ResourceObject<A>[];
  links?: PageLinks;
}

export interface SinglePayload<A> {
  data: ResourceObject<A>;
}

/** Connector summary embedded in a sync (`source`, `destination`), or a full connector (with configuration). */
export interface ConnectorAttributes {
  id?: number;
  name: string;
  description: string | null;
  connector_type: string;
  workspace_id: number;
  created_at: string;
  updated_at: string;
  connector_name: string | null;
  icon: string | null;
  configuration?: unknown;
}

export interface ModelAttributes {
  id?: number;
  name: string;
  description: string | null;
  query: string | null;
  query_type: string;
  configuration: unknown;
  primary_key: string | null;
  created_at: string;
  updated_at: string;
  connector?: ConnectorAttributes | null;
}

export interface SyncAttributes {
  source_id: number;
  destination_id: number;
  model_id: number;
  configuration: unknown;
  schedule_type: string;
  sync_mode: string;
  sync_interval: number | null;
  sync_interval_unit: string | null;
  cron_expression: string | null;
  stream_name: string | null;
  status: string;
  cursor_field: string | null;
  current_cursor_field: string | null;
  updated_at: string;
  created_at: string;
  /** Not in the open-source serializer; an enterprise build may add it. */
  name?: string | null;
  source?: ConnectorAttributes | null;
  destination?: ConnectorAttributes | null;
  model?: ModelAttributes | null;
}

export interface SyncRunAttributes {
  sync_id: number;
  status: string;
  sync_run_type?: string | null;
  started_at: string | null;
  finished_at: string | null;
  duration: number | null;
  total_query_rows: number | null;
  total_rows: number | null;
  skipped_rows?: number | null;
  successful_rows: number | null;
  failed_rows: number | null;
  /** Free text in the server; the vendor UI types it as an object. Both are accepted. */
  error: unknown;
  created_at: string;
  updated_at: string;
}

export interface SyncRecordLogs {
  request?: string | null;
  response?: string | null;
  level?: string | null;
}

export interface SyncRecordAttributes {
  sync_id: number;
  sync_run_id: number;
  record: unknown;
  status: string;
  action: string;
  logs?: SyncRecordLogs | null;
  /** The vendor docs claim an `error` string; the server sends `logs`. Accepted if it ever appears. */
  error?: string | null;
  created_at: string;
  updated_at: string;
}

/** `GET /workspaces` items. The upstream also sends an `api_key`: it is a secret and never exposed. */
export interface WorkspaceAttributes {
  name?: string | null;
  slug?: string | null;
  status?: string | null;
  description?: string | null;
  region?: string | null;
  organization_id?: number | null;
  organization_name?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
  [key: string]: unknown;
}

/** What resolvers receive (codegen mappers): the attributes plus the numeric upstream id. */
export type SyncData = SyncAttributes & { id: number };
export type SyncRunData = SyncRunAttributes & { id: number };
export type SyncRecordData = SyncRecordAttributes & { id: number };
/** `partial` marks a connector embedded in a sync or model: it lacks fields only the full resource has. */
export type ConnectorData = ConnectorAttributes & { id: number; partial?: boolean };
export type ModelData = ModelAttributes & { id: number };
export type WorkspaceData = WorkspaceAttributes & { id: number };
