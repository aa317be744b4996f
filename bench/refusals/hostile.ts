/**
 * The hostile requests of the refusal bench, each a document the gateway must refuse without calling
 * the upstream, and the legitimate traffic measured beside them. Every request goes to 127.0.0.1.
 */
import type { Pool } from 'undici';
import { DEMO_TOKEN, DEMO_WORKSPACE_ID } from '../../demo/src/credentials';

export interface HostileRequest {
  key: string;
  label: string;
  /** The HTTP status the gateway must answer with. */
  status: number;
  body: string;
  headers: Record<string, string>;
}

const CREDENTIALS = { authorization: `Bearer ${DEMO_TOKEN}`, 'workspace-id': String(DEMO_WORKSPACE_ID) };
const JSON_TYPE = { 'content-type': 'application/json' };

function hostile(key: string, label: string, status: number, query: string, credentials = true): HostileRequest {
  return { key, label, status, body: JSON.stringify({ query }), headers: { ...JSON_TYPE, ...(credentials ? CREDENTIALS : {}) } };
}

/** The 32 KB document of 1,240 root fields, the headline case. */
export const ROOT_FIELDS_1240 = `{ ${'workspaces { databaseId } '.repeat(1240)}}`;

export function hostileRequests(): HostileRequest[] {
  return [
    hostile('rootFields', '1,240 root fields (32 KB), with a token', 400, ROOT_FIELDS_1240),
    hostile('anonymous', '1,240 root fields, no token', 401, ROOT_FIELDS_1240, false),
    hostile('repeats', 'one nested field 1,200 times (27 KB)', 400, `{ syncs { nodes { ${'model { name } '.repeat(1200)}} } }`),
    hostile('nesting', 'a list literal nested 2,400 deep', 400, `{ sync(databaseId: ${'['.repeat(2400)}1${']'.repeat(2400)}) { databaseId } }`),
    hostile('longName', 'a 900 KiB field name', 400, `{ f${'x'.repeat(900 * 1024)} }`),
  ];
}

/** Sends one hostile request; resolves to an error description, or undefined when refused as expected. */
export async function sendHostile(pool: Pool, request: HostileRequest): Promise<string | undefined> {
  const response = await pool.request({ path: '/graphql', method: 'POST', headers: request.headers, body: request.body });
  const text = await response.body.text();
  if (response.statusCode !== request.status) return `${request.key}: HTTP ${response.statusCode} instead of ${request.status}: ${text.slice(0, 120)}`;
  return text.length > 2000 ? `${request.key}: a ${text.length}-byte answer` : undefined;
}

/** The legitimate query measured under hostile load: one sync by id, one upstream request. */
export async function sendLegitimate(pool: Pool, syncId: number): Promise<string | undefined> {
  const body = JSON.stringify({ query: `{ sync(databaseId: ${syncId}) { databaseId status } }` });
  const response = await pool.request({ path: '/graphql', method: 'POST', headers: { ...JSON_TYPE, ...CREDENTIALS }, body });
  const text = await response.body.text();
  return response.statusCode === 200 && !text.includes('"errors"') ? undefined : `legitimate: HTTP ${response.statusCode} ${text.slice(0, 120)}`;
}

export async function sendHealth(pool: Pool): Promise<string | undefined> {
  const response = await pool.request({ path: '/healthz', method: 'GET' });
  await response.body.text();
  return response.statusCode === 200 ? undefined : `healthz: HTTP ${response.statusCode}`;
}
