/**
 * Apollo Federation entity representations (`_entities(representations: [_Any!]!)`) are client input
 * like any argument: a router sends what another subgraph returned, but anyone who reaches the subgraph
 * directly can send anything. Each representation is validated here into the same ref a Relay id
 * decodes to, before any of its values can reach a loader, and so an upstream path.
 *
 * The entities and their keys come from the resource modules (`entityKeys`, checked against the SDL's
 * `@key` directives by test/unit/resources.test.ts); every entity also has the key `id`, this API's
 * opaque Relay global id of an object of that very type.
 */
import { ErrorCode, gatewayError } from '../errors';
import { decodeGlobalId, encodeGlobalId, type GlobalRef } from '../globalId';
import { ENTITY_RESOURCES, resourceNamed } from '../resources';
import type { SomeResource } from '../resources/resource';
import { parseUpstreamId } from '../resources/upstreamId';

const ENTITY_TYPE_NAMES = ENTITY_RESOURCES.map((resource) => resource.typeName);

/**
 * Validates one representation and returns the ref it designates; throws BAD_USER_INPUT naming
 * `argument` (e.g. `representations[3]`) otherwise. Fields other than `__typename` and the key fields
 * are ignored: nothing but the validated key ever leaves this function.
 */
export function parseRepresentation(value: unknown, argument: string): GlobalRef {
  const bad = (why: string) => gatewayError(ErrorCode.BAD_USER_INPUT, `Argument "${argument}" ${why}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw bad('must be an object with "__typename" and the fields of one @key of that type.');
  }
  const representation = value as Record<string, unknown>;
  const typename = Object.hasOwn(representation, '__typename') ? representation.__typename : undefined;
  const resource = typeof typename === 'string' && ENTITY_TYPE_NAMES.includes(typename) ? resourceNamed(typename) : undefined;
  if (!resource?.entityKeys) {
    throw bad(`must have a "__typename" of an entity of this subgraph (${ENTITY_TYPE_NAMES.join(', ')}), got ${describe(typename)}.`);
  }
  const has = (field: string) => Object.hasOwn(representation, field) && representation[field] !== undefined;

  let byId: GlobalRef | undefined;
  if (has('id')) {
    byId = decodeGlobalId(representation.id as string, `${argument}.id`);
    if (byId.type !== resource.typeName) throw bad(`has an "id" that is not the global id of a ${resource.typeName}.`);
  }
  const byKey = refFromKeyFields(resource, representation, argument, has, bad);
  if (byId && byKey && encodeGlobalId(byId) !== encodeGlobalId(byKey)) {
    throw bad(`has an "id" and key fields that designate different ${resource.typeName}s.`);
  }
  const ref = byId ?? byKey;
  if (!ref) throw bad(`has none of the key fields of ${resource.typeName}: send ${keyDescription(resource)}.`);
  return ref;
}

/** The ref named by the first of the resource's `@key`s any of whose fields the representation has. */
function refFromKeyFields(
  resource: SomeResource,
  representation: Record<string, unknown>,
  argument: string,
  has: (field: string) => boolean,
  bad: (why: string) => Error,
): GlobalRef | undefined {
  for (const key of resource.entityKeys ?? []) {
    const fields = Object.keys(key);
    if (!fields.some(has)) continue;
    if (!fields.every(has)) throw bad(`needs both ${quoteAll(fields, ' and ')} (the key of a ${resource.typeName}).`);
    const ref: Record<string, unknown> = { type: resource.typeName };
    for (const field of fields) ref[key[field] as string] = parseUpstreamId(representation[field], `Argument "${argument}.${field}"`);
    return ref as GlobalRef;
  }
  return undefined;
}

/** E.g. `"id" or both "syncDatabaseId" and "databaseId"`. */
function keyDescription(resource: SomeResource): string {
  const keys = (resource.entityKeys ?? []).map((key) => {
    const fields = Object.keys(key);
    return fields.length === 1 ? quoteAll(fields, '') : `both ${quoteAll(fields, ' and ')}`;
  });
  return ['"id"', ...keys].join(' or ');
}

function quoteAll(fields: string[], separator: string): string {
  return fields.map((field) => `"${field}"`).join(separator);
}

function describe(value: unknown): string {
  if (value === undefined) return 'none';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return value === null ? 'null' : Array.isArray(value) ? 'a list' : 'an object';
  return String(value);
}
