/**
 * What a route handler receives and returns. The HTTP edge (server.ts) builds a DemoRequest from the
 * socket; dispatch.ts authenticates it and hands the handler a HandlerContext.
 */
import type { DemoStore } from './store';
import type { DemoUser } from './types';

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
  user: DemoUser;
  /** Rails-style merged params: query, then JSON body keys, then path parameters. */
  params: Record<string, unknown>;
}

export interface DemoResponse {
  status: number;
  body: unknown;
}

export type RouteHandler = (context: HandlerContext) => DemoResponse;

export const ok = (body: unknown): DemoResponse => ({ status: 200, body });
