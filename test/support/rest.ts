/**
 * Direct REST reads from the demo upstream (bypassing the gateway), to compute what the gateway
 * must answer. Same credentials as the gateway test caller.
 *
 * The types below are the upstream's JSON:API shapes as the demo upstream sends them (snake_case,
 * nulls present, string resource ids), from the demo's own wire types, not the gateway's
 * (src/resources), so a test does not take the gateway's word for what the upstream sends.
 */
import type {
  ConnectorAttributesJson,
  ConnectorSummaryJson,
  ModelAttributesJson,
  SyncAttributesJson,
  SyncRecordAttributesJson,
  SyncRunAttributesJson,
  WorkspaceAttributesJson,
} from '../../demo/src/wire';
import { demoHeaders } from './harness';

/** A JSON:API resource object. */
export interface Resource<A> {
  id: string;
  type: string;
  attributes: A;
}

// The attribute shapes are the demo upstream's wire types (what it really sends), with the embedded
// objects every seeded sync and model has made non-null.
export type ConnectorSummaryAttributes = ConnectorSummaryJson;
export type ConnectorAttributes = ConnectorAttributesJson;
export type ModelAttributes = Omit<ModelAttributesJson, 'connector'> & { connector: ConnectorAttributes & { id: number } };
export type SyncAttributes = Omit<SyncAttributesJson, 'source' | 'destination' | 'model'> & {
  source: ConnectorSummaryJson;
  destination: ConnectorSummaryJson;
  model: ModelAttributes & { id: number };
};
export type SyncRunAttributes = SyncRunAttributesJson;
export type SyncRecordAttributes = SyncRecordAttributesJson;
export type WorkspaceAttributes = WorkspaceAttributesJson;

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
