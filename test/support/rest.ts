/**
 * Direct REST reads from the demo upstream (bypassing the gateway), to compute what the gateway
 * must answer. Same credentials as the gateway test caller.
 *
 * The types below are the upstream's JSON:API shapes as the demo upstream sends them (snake_case,
 * nulls present, string resource ids). They are the tests' own description, not the gateway's
 * (src/upstream/records.ts), so a test does not take the gateway's word for what the upstream sends.
 */
import { demoHeaders } from './harness';

/** A JSON:API resource object. */
export interface Resource<A> {
  id: string;
  type: string;
  attributes: A;
}

/** A connector as a sync embeds it (`source`, `destination`): no configuration. */
export interface ConnectorSummaryAttributes {
  id: number;
  name: string;
  description: string | null;
  connector_type: string;
  workspace_id: number;
  created_at: string;
  updated_at: string;
  connector_name: string | null;
  icon: string | null;
}

/** `GET /connectors` and `GET /connectors/:id` attributes (configuration masked). */
export interface ConnectorAttributes extends Omit<ConnectorSummaryAttributes, 'id'> {
  configuration: unknown;
}

export interface ModelAttributes {
  name: string;
  description: string | null;
  query: string | null;
  query_type: string;
  configuration: unknown;
  primary_key: string | null;
  created_at: string;
  updated_at: string;
  /** The model's full connector (masked configuration included). */
  connector: ConnectorAttributes & { id: number };
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
  source: ConnectorSummaryAttributes;
  destination: ConnectorSummaryAttributes;
  model: ModelAttributes & { id: number };
}

export interface SyncRunAttributes {
  sync_id: number;
  status: string;
  sync_run_type: string | null;
  started_at: string | null;
  finished_at: string | null;
  duration: number | null;
  total_query_rows: number;
  total_rows: number;
  skipped_rows: number;
  successful_rows: number;
  failed_rows: number;
  error: string | null;
  created_at: string;
  updated_at: string;
}

export interface SyncRecordAttributes {
  sync_id: number;
  sync_run_id: number | null;
  record: unknown;
  status: string;
  action: string;
  logs: { request: string | null; response: string | null; level: string | null } | null;
  created_at: string;
  updated_at: string;
}

export interface WorkspaceAttributes {
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
}

/** A list body: `data` and the pagination `links`. */
export interface ListBody<A> {
  data: Array<Resource<A>>;
  links?: Record<string, string | null>;
}

/** A single-resource body. */
export interface SingleBody<A> {
  data: Resource<A>;
}

/** The parsed JSON body of a GET that answered 2xx; `T` is the shape the caller expects. */
export async function restGet<T = unknown>(baseUrl: string, path: string, headers: Record<string, string> = demoHeaders): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, { headers });
  if (!response.ok) throw new Error(`REST ${path} answered ${response.status}`);
  return (await response.json()) as T;
}

/** The resource of a single-resource GET. */
export async function restOne<A>(baseUrl: string, path: string, headers?: Record<string, string>): Promise<Resource<A>> {
  return (await restGet<SingleBody<A>>(baseUrl, path, headers)).data;
}

/** Every item of a list, in upstream order (one large page). */
export async function restAll<A = Record<string, unknown>>(
  baseUrl: string,
  path: string,
  query: Record<string, string> = {},
  headers?: Record<string, string>,
): Promise<Array<Resource<A>>> {
  const params = new URLSearchParams({ ...query, page: '1', per_page: '100000' });
  return (await restGet<ListBody<A>>(baseUrl, `${path}?${params}`, headers)).data;
}
