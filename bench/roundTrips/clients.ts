/**
 * One "operation" against each side, as a real client would send it, both over undici pools so that
 * the two sides share an HTTP client: the gateway side POSTs the GraphQL document; the REST side sends
 * the plan's requests level by level and parses every JSON body. An operation resolves to undefined when
 * it was answered correctly, or to a description of what went wrong.
 */
import { Pool } from 'undici';
import { DEMO_TOKEN, DEMO_WORKSPACE_ID } from '../../demo/src/credentials';
import type { RestPlan } from './restPlan';

export type RunOperation = () => Promise<string | undefined>;

const DEMO_HEADERS = { authorization: `Bearer ${DEMO_TOKEN}`, 'workspace-id': String(DEMO_WORKSPACE_ID) };
/** The gateway's own upstream pool size (UPSTREAM_CONNECTIONS' default): the REST client gets as many. */
export const POOL_CONNECTIONS = 64;

export function createPool(origin: string): Pool {
  return new Pool(origin, { connections: POOL_CONNECTIONS });
}

export function gatewayOperation(pool: Pool, path: string, query: string): RunOperation {
  const body = JSON.stringify({ query });
  const headers = { ...DEMO_HEADERS, 'content-type': 'application/json' };
  return async () => {
    const response = await pool.request({ path, method: 'POST', headers, body });
    if (response.statusCode !== 200) return `HTTP ${response.statusCode}: ${(await response.body.text()).slice(0, 200)}`;
    const parsed = (await response.body.json()) as { data?: unknown; errors?: unknown[] };
    if (parsed.errors !== undefined) return `GraphQL errors: ${JSON.stringify(parsed.errors).slice(0, 300)}`;
    return parsed.data === undefined || parsed.data === null ? 'no data' : undefined;
  };
}

export function restOperation(pool: Pool, plan: RestPlan): RunOperation {
  const get = async (target: string): Promise<string | undefined> => {
    const response = await pool.request({ path: target, method: 'GET', headers: DEMO_HEADERS });
    if (response.statusCode !== 200) return `HTTP ${response.statusCode} on ${target}: ${(await response.body.text()).slice(0, 200)}`;
    // Parsed, not just read: a client has to, and it is part of what the gateway does for it.
    await response.body.json();
    return undefined;
  };
  return async () => {
    for (const level of plan) {
      const failures = (await Promise.all(level.map(get))).filter((failure) => failure !== undefined);
      if (failures.length > 0) return failures[0];
    }
    return undefined;
  };
}
