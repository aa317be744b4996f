/**
 * What a route handler receives and returns. The HTTP edge (server.ts) builds a DemoRequest from the
 * socket; dispatch.ts authenticates it and hands the handler a HandlerContext.
 */
import type { DemoStore } from './store';
import type { DemoUser } from './types';

/**
 * Which server the demo imitates. `open-source` (the default) is the server docs/upstream-contract.md
 * describes; `hosted` adds what hosted builds may run ahead with (§8): a sync `name`, sync and model
 * configurations served masked, a 403 for a user who has not accepted the EULA, and the workspace id
 * appended to the workspace-not-found detail.
 */
export type DemoBuild = 'open-source' | 'hosted';

export interface DemoRequest {
  method: string;
  /** Raw path without the query string. */
  path: string;
  /** Decoded query parameters (last value of a repeated key). */
  query: Record<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON body (undefined when there is none). */
  body: unknown;
  /** The body was present but not valid JSON. */
  bodyInvalid: boolean;
  /** Absolute URL of the request without its query (`http://<host><path>`): the base of pagination links. */
  baseUrl: string;
}

export interface HandlerContext extends DemoRequest {
  store: DemoStore;
  build: DemoBuild;
  user: DemoUser;
  /** Rails-style merged params: query, then JSON body keys, then path parameters. */
  params: Record<string, unknown>;
}

export interface DemoResponse {
  status: number;
  /** JSON body; undefined for an empty one. */
  body: unknown;
}

export type RouteHandler = (context: HandlerContext) => DemoResponse;

export const ok = (body: unknown): DemoResponse => ({ status: 200, body });
