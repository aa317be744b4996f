/**
 * Checks the shape of upstream JSON:API bodies and turns resource objects into the `...Data` records
 * resolvers use. A body of the wrong shape is an UPSTREAM_ERROR on the field that needed it.
 */
import { ErrorCode, gatewayError } from '../errors';
import type { ListPayload, PageLinks, ResourceObject } from './records';

function malformed(): Error {
  return gatewayError(ErrorCode.UPSTREAM_ERROR, 'The AI Squared API sent a response of an unexpected shape.');
}

/** `{...attributes, id}` with the string id turned into a number. */
export function toData<A extends object>(resource: unknown): A & { id: number } {
  if (!resource || typeof resource !== 'object') throw malformed();
  const { id, attributes } = resource as Partial<ResourceObject<A>>;
  const numericId = typeof id === 'number' ? id : typeof id === 'string' && /^\d{1,16}$/.test(id) ? Number(id) : NaN;
  if (!Number.isSafeInteger(numericId) || !attributes || typeof attributes !== 'object' || Array.isArray(attributes)) throw malformed();
  return { ...attributes, id: numericId };
}

/** The `data` object of a single-resource body. */
export function singleData<A extends object>(body: unknown): A & { id: number } {
  if (!body || typeof body !== 'object') throw malformed();
  return toData<A>((body as { data?: unknown }).data);
}

/** The `data` array and `links` of a list body. */
export function listData<A extends object>(body: unknown): { items: Array<A & { id: number }>; links: PageLinks | undefined } {
  if (!body || typeof body !== 'object') throw malformed();
  const { data, links } = body as Partial<ListPayload<A>>;
  if (!Array.isArray(data)) throw malformed();
  return { items: data.map((resource) => toData<A>(resource)), links: links ?? undefined };
}
