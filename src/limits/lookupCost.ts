/**
 * The upstream requests of the root fields that look objects up by what the caller sends:
 * `node(id:)`, `nodes(ids:)` and `_entities(representations:)`, for the cost estimate (./cost.ts).
 * A list's length says little about them (a SyncRecord id may scan 20 pages of its run, a second id
 * of the same run nothing more), so each value is decoded as the resolver will decode it, and weighs
 * what its resource declares (`lookupCost` in src/resources/resource.ts; one request by default).
 *
 * - Lookups the request's loaders share (the same object twice, under any key; two records of one
 *   run) count once per operation, over every lookup field.
 * - A value that does not decode counts 1: it fails its own item without an upstream request, but
 *   every value a field lists stays in the estimate.
 * - The selections under a lookup count once per distinct object it names (`distinct`): a router sends
 *   one representation per reference, so the same sync arrives many times, and the loaders resolve
 *   each object's fields once per request whatever number of times it is named.
 * - Decoding is bounded: past the first MAX_DECODED values of an operation, each value counts the
 *   registry's highest weight undecoded, so a huge list cannot make the estimate itself slow.
 */
import { parseRepresentation } from '../federation/representations';
import { globalRefOf, type GlobalRef } from '../globalId';
import { keyOfRef, resourceNamed, RESOURCES } from '../resources';

/** How a lookup field names its objects: its argument, and how one of its values decodes (undefined: it does not). */
interface LookupField {
  argument: string;
  refOf(value: unknown): GlobalRef | undefined;
}

/** What the values of one lookup field add to the estimate. */
export interface LookupWeight {
  /** Upstream requests not counted yet by an earlier lookup of the operation. */
  requests: number;
  /** Distinct objects the field names (each undecodable value counted as one). */
  distinct: number;
}

const LOOKUP_FIELDS: ReadonlyMap<string, LookupField> = new Map([
  ['node', { argument: 'id', refOf: globalRefOf }],
  ['nodes', { argument: 'ids', refOf: globalRefOf }],
  ['_entities', { argument: 'representations', refOf: representationRef }],
]);

/**
 * More than the lookups an operation runs at the default limits (100 ids per `nodes`, 100 representations
 * per request); a value past it counts the highest weight, which keeps the estimate an upper bound.
 */
const MAX_DECODED = 10_000;
const UNDECODABLE_COST = 1;
const HIGHEST_COST = Math.max(...RESOURCES.map((resource) => resource.lookupCost?.requests ?? 1));

/** The lookup field a root field of the query type is, if it is one. */
export function lookupFieldNamed(name: string): LookupField | undefined {
  return LOOKUP_FIELDS.get(name);
}

/** Counts the lookups of one operation, remembering which shared reads earlier fields already counted. */
export class LookupCounter {
  private readonly counted = new Set<string>();
  private decoded = 0;

  /** The upstream requests the values of `field` add to the operation's, and the distinct objects they name. */
  weightOf(field: LookupField, values: readonly unknown[]): LookupWeight {
    let requests = 0;
    let undecoded = 0;
    const objects = new Set<string>();
    for (const value of values) {
      const one = this.weightOfOne(field, value);
      if (!one) {
        undecoded += 1;
        continue;
      }
      requests += one.requests;
      objects.add(one.object);
    }
    return { requests: requests + undecoded * UNDECODABLE_COST, distinct: objects.size + undecoded };
  }

  /** The requests `value` adds and the object it names, or undefined when it does not decode (or is past the decoding bound). */
  private weightOfOne(field: LookupField, value: unknown): { requests: number; object: string } | undefined {
    if (this.decoded >= MAX_DECODED) return { requests: HIGHEST_COST, object: `#${this.decoded++}` };
    this.decoded += 1;
    const ref = field.refOf(value);
    const resource = ref && resourceNamed(ref.type);
    if (!ref || !resource) return undefined;
    const key = keyOfRef(ref);
    const object = `${ref.type} ${resource.pathOf(key)}`;
    const shared = `${ref.type} ${resource.lookupCost ? resource.lookupCost.sharedBy(key) : resource.pathOf(key)}`;
    if (this.counted.has(shared)) return { requests: 0, object };
    this.counted.add(shared);
    return { requests: resource.lookupCost?.requests ?? 1, object };
  }
}

function representationRef(value: unknown): GlobalRef | undefined {
  try {
    return parseRepresentation(value, 'representations');
  } catch {
    return undefined; // the entities guard fails this item before any upstream request
  }
}
