/** The JSON:API list envelope: one page of resources plus the five pagination links. */
import type { DemoResponse } from './context';
import { ok } from './context';
import { paginate } from './pagination';
import type { JsonApiResource } from './wire';

export function listResponse<T>(
  items: readonly T[],
  request: { baseUrl: string; query: Readonly<Record<string, string>> },
  toResource: (item: T) => JsonApiResource,
): DemoResponse {
  const page = paginate(items, request.baseUrl, request.query);
  return ok({ data: page.items.map(toResource), links: page.links });
}
