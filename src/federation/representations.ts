/**
 * Apollo Federation entity representations (`_entities(representations: [_Any!]!)`) are client input
 * like any argument: a router sends what another subgraph returned, but anyone who reaches the subgraph
 * directly can send anything. Each representation is validated here into the same GlobalRef a Relay
 * id decodes to, before any of its values can reach a loader, and so an upstream path.
 *
 * Entity keys (schema/*.graphql):
 *   Sync       @key(fields: "id")  @key(fields: "databaseId")
 *   SyncRun    @key(fields: "id")  @key(fields: "syncDatabaseId databaseId")
 *   Connector  @key(fields: "id")  @key(fields: "databaseId")
 *   Model      @key(fields: "id")  @key(fields: "databaseId")
 * where `id` is this API's opaque Relay global id of an object of that very type.
 */
import { ErrorCode, gatewayError } from '../errors';
import { decodeGlobalId, encodeGlobalId, type GlobalRef } from '../globalId';
import { assertUpstreamId } from '../upstream/paths';

/** The types other subgraphs may reference by key. SyncRecord and the connection types are not entities. */
export const ENTITY_TYPES = ['Sync', 'SyncRun', 'Connector', 'Model'] as const;
export type EntityTypeName = (typeof ENTITY_TYPES)[number];
export type EntityRef = Extract<GlobalRef, { type: EntityTypeName }>;

const KEY_DESCRIPTION: Record<EntityTypeName, string> = {
  Sync: '"id" or "databaseId"',
  SyncRun: '"id" or both "syncDatabaseId" and "databaseId"',
  Connector: '"id" or "databaseId"',
  Model: '"id" or "databaseId"',
};

function isEntityType(value: unknown): value is EntityTypeName {
  return typeof value === 'string' && (ENTITY_TYPES as readonly string[]).includes(value);
}

/**
 * Validates one representation and returns the upstream ids it designates; throws BAD_USER_INPUT naming
 * `argument` (e.g. `representations[3]`) otherwise. Fields other than `__typename` and the key fields
 * are ignored: nothing but the validated key ever leaves this function.
 */
export function parseRepresentation(value: unknown, argument: string): EntityRef {
  const bad = (why: string) => gatewayError(ErrorCode.BAD_USER_INPUT, `Argument "${argument}" ${why}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw bad('must be an object with "__typename" and the fields of one @key of that type.');
  }
  const representation = value as Record<string, unknown>;
  const typename = Object.hasOwn(representation, '__typename') ? representation.__typename : undefined;
  if (!isEntityType(typename)) {
    throw bad(`must have a "__typename" of an entity of this subgraph (${ENTITY_TYPES.join(', ')}), got ${describe(typename)}.`);
  }
  const has = (field: string) => Object.hasOwn(representation, field) && representation[field] !== undefined;

  let byId: EntityRef | undefined;
  if (has('id')) {
    const decoded = decodeGlobalId(representation.id as string, `${argument}.id`);
    if (decoded.type !== typename) throw bad(`has an "id" that is not the global id of a ${typename}.`);
    byId = decoded as EntityRef;
  }

  let byKey: EntityRef | undefined;
  const upstreamId = (field: string) => Number(assertUpstreamId(representation[field], `Argument "${argument}.${field}"`));
  if (typename === 'SyncRun') {
    if (has('syncDatabaseId') || has('databaseId')) {
      if (!has('syncDatabaseId') || !has('databaseId')) throw bad('needs both "syncDatabaseId" and "databaseId" (the key of a SyncRun).');
      byKey = { type: 'SyncRun', syncId: upstreamId('syncDatabaseId'), runId: upstreamId('databaseId') };
    }
  } else if (has('databaseId')) {
    const id = upstreamId('databaseId');
    byKey = typename === 'Sync' ? { type: 'Sync', syncId: id } : typename === 'Connector' ? { type: 'Connector', connectorId: id } : { type: 'Model', modelId: id };
  }

  if (byId && byKey && !sameRef(byId, byKey)) throw bad(`has an "id" and key fields that designate different ${typename}s.`);
  const ref = byId ?? byKey;
  if (!ref) throw bad(`has none of the key fields of ${typename}: send ${KEY_DESCRIPTION[typename]}.`);
  return ref;
}

function sameRef(a: EntityRef, b: EntityRef): boolean {
  return encodeGlobalId(a) === encodeGlobalId(b);
}

function describe(value: unknown): string {
  if (value === undefined) return 'none';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return value === null ? 'null' : Array.isArray(value) ? 'a list' : 'an object';
  return String(value);
}
