/** Small fetch helpers for the demo upstream tests: credentials, typed JSON calls, link page numbers. */
import { DEMO_TOKEN, DEMO_WORKSPACE_ID } from '../src/credentials';
import type { ItemBody, ListBody } from '../src/wire';

export const demoHeaders: Record<string, string> = {
  authorization: `Bearer ${DEMO_TOKEN}`,
  'workspace-id': String(DEMO_WORKSPACE_ID),
};

export interface JsonResponse<B = unknown> {
  status: number;
  headers: Headers;
  /** Undefined when the response had no body (304, HEAD). */
  body: B;
}

export interface CallInit {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is (to test bodies that are not JSON). */
  rawBody?: string;
}

/**
 * One request with the demo user's credentials unless `init.headers` replaces them. The body is typed
 * as the caller's `B`, a shape from src/wire.ts: the compiler cannot check what came over the wire, the
 * test's assertions do.
 */
export async function call<B = unknown>(baseUrl: string, path: string, init: CallInit = {}): Promise<JsonResponse<B>> {
  const headers = { ...(init.headers ?? demoHeaders) };
  let body: string | undefined = init.rawBody;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${baseUrl}${path}`, { method: init.method ?? 'GET', headers, body });
  const text = await response.text();
  const parsed: unknown = text === '' ? undefined : JSON.parse(text);
  return { status: response.status, headers: response.headers, body: parsed as B };
}

/** GET of a list route: one page of `R` resources and the pagination links. */
export function getList<R>(baseUrl: string, path: string, headers?: Record<string, string>): Promise<JsonResponse<ListBody<R>>> {
  return call<ListBody<R>>(baseUrl, path, headers ? { headers } : {});
}

/** GET of a single-resource route. */
export function getItem<R>(baseUrl: string, path: string, headers?: Record<string, string>): Promise<JsonResponse<ItemBody<R>>> {
  return call<ItemBody<R>>(baseUrl, path, headers ? { headers } : {});
}

/** The `page` number a pagination link points at (null links stay null). */
export function pageOf(link: string | null): number | null {
  return link === null ? null : Number(new URL(link).searchParams.get('page'));
}
