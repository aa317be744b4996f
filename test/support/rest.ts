/**
 * Direct REST reads from the demo upstream (bypassing the gateway), to compute what the gateway
 * must answer. Same credentials as the gateway test caller.
 */
import { demoHeaders } from './harness';

export async function restGet(baseUrl: string, path: string, headers: Record<string, string> = demoHeaders): Promise<any> {
  const response = await fetch(`${baseUrl}${path}`, { headers });
  if (!response.ok) throw new Error(`REST ${path} answered ${response.status}`);
  return response.json();
}

/** Every item of a list, in upstream order (one large page). */
export async function restAll(baseUrl: string, path: string, query: Record<string, string> = {}, headers?: Record<string, string>): Promise<any[]> {
  const params = new URLSearchParams({ ...query, page: '1', per_page: '100000' });
  return (await restGet(baseUrl, `${path}?${params}`, headers)).data;
}
