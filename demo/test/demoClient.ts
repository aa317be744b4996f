/** Small fetch helpers for the demo upstream tests: credentials, JSON calls, link page numbers. */
import { DEMO_TOKEN, DEMO_WORKSPACE_ID } from '../src/credentials';

export const demoHeaders: Record<string, string> = {
  authorization: `Bearer ${DEMO_TOKEN}`,
  'workspace-id': String(DEMO_WORKSPACE_ID),
};

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: any;
}

export async function call(
  baseUrl: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown; rawBody?: string } = {},
): Promise<JsonResponse> {
  const headers = { ...(init.headers ?? demoHeaders) };
  let body: string | undefined = init.rawBody;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${baseUrl}${path}`, { method: init.method ?? 'GET', headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
}

/** The `page` number a pagination link points at (null links stay null). */
export function pageOf(link: string | null): number | null {
  return link === null ? null : Number(new URL(link).searchParams.get('page'));
}
