/**
 * GraphiQL, served from the gateway's own assets. (Placeholder until the GraphiQL issue lands:
 * answers 404 so nothing pretends to work.)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface GraphiQLOptions {
  /** Values pre-filled in the headers editor. */
  defaultHeaders: Record<string, string>;
  /** Path GraphiQL sends its queries to. */
  endpoint: string;
}

/** Handles GraphiQL page and asset requests; returns false when the request is not one of them. */
export function handleGraphiQLRequest(_req: IncomingMessage, _res: ServerResponse, _options: GraphiQLOptions): boolean {
  return false;
}
