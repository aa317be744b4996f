/**
 * The upstream's JSON:API envelopes (docs/upstream-contract.md §2.1) and the checks that turn them
 * into the `...Data` records resolvers use: the attributes plus the numeric id. A body of the wrong
 * shape is an UPSTREAM_ERROR on the field that needed it, never a crash.
 */
import { ErrorCode, gatewayError } from '../errors';
import { isUpstreamId, type UpstreamId } from '../resources/upstreamId';

/** JSON:API resource object as the upstream sends it (string id, snake_case attributes). */
interface ResourceObject<A> {
  id: string;
  type: string;
  attributes: A;
}

/** The five pagination links. Hosts in them are never followed: only their `page` is read. */
export interface PageLinks {
  self?: string | null;
  first?: string | null;
  prev?: string | null;
  next?: string | null;
  last?: string | null;
}

/** Attributes plus the validated numeric upstream id. */
export type WithId<A> = A & { id: UpstreamId };

function malformed(): Error {
  return gatewayError(ErrorCode.UPSTREAM_ERROR, 'The AI Squared API sent a response of an unexpected shape.');
}

/** `{...attributes, id}` with the string id turned into a number. */
function toData<A extends object>(resource: unknown): WithId<A> {
  if (!resource || typeof resource !== 'object') throw malformed();
  const { id, attributes } = resource as Partial<ResourceObject<A>>;
  const numericId = typeof id === 'number' ? id : typeof id === 'string' && /^\d{1,16}$/.test(id) ? Number(id) : NaN;
  if (!isUpstreamId(numericId) || !attributes || typeof attributes !== 'object' || Array.isArray(attributes)) throw malformed();
  // The body was parsed for this call alone: its attributes object becomes the record, without a copy.
  const data = attributes as WithId<A>;
  data.id = numericId;
  return data;
}

/** The `data` object of a single-resource body. */
export function singleData<A extends object>(body: unknown): WithId<A> {
  if (!body || typeof body !== 'object') throw malformed();
  return toData<A>((body as { data?: unknown }).data);
}

/** The `data` array and `links` of a list body. */
export function listData<A extends object>(body: unknown): { items: Array<WithId<A>>; links: PageLinks | undefined } {
  if (!body || typeof body !== 'object') throw malformed();
  const { data, links } = body as { data?: unknown; links?: PageLinks | null };
  if (!Array.isArray(data)) throw malformed();
  return { items: data.map((resource) => toData<A>(resource)), links: links ?? undefined };
}
