/**
 * The upstream requests of the root fields that look objects up by what the caller sends:
 * `node(id:)`, `nodes(ids:)` and `_entities(representations:)`, for the cost estimate (./cost.ts).
 * A list's length says little about them (a SyncRecord id may scan 20 pages of its run, a second id
 * of the same run nothing more), so each value is decoded as the resolver will decode it, and weighs
 * what its resource declares (`lookupCost` in src/resources/resource.ts; one request by default).
 *
 * - Lookups the request's loaders share (the same object twice, under any key; two records of one
 *   run) count once per operation, over every lookup field.
 * - A value that does not decode counts 1: it fails without an upstream request, but every value a
 *   field lists stays in the estimate. One invalid representation fails its whole `_entities` field
 *   (src/federation/entitiesGuard.ts), so the values after it count 1 undecoded.
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
  /** Whether one value that does not decode fails the whole field (rather than its own slot). */
  failsWhole: boolean;
}

const LOOKUP_FIELDS: ReadonlyMap<string, LookupField> = new Map([
  ['node', { argument: 'id', refOf: globalRefOf, failsWhole: false }],
  ['nodes', { argument: 'ids', refOf: globalRefOf, failsWhole: false }],
  ['_entities', { argument: 'representations', refOf: representationRef, failsWhole: true }],
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

  /** The upstream requests the values of `field` add to the operation's. */
  requestsOf(field: LookupField, values: readonly unknown[]): number {
    let total = 0;
    for (const [index, value] of values.entries()) {
      const requests = this.requestsOfOne(field, value);
      if (requests === undefined && field.failsWhole) return total + (values.length - index) * UNDECODABLE_COST;
      total += requests ?? UNDECODABLE_COST;
    }
    return total;
  }

  /** The requests `value` adds, or undefined when it does not decode. */
  private requestsOfOne(field: LookupField, value: unknown): number | undefined {
    if (this.decoded >= MAX_DECODED) return HIGHEST_COST;
    this.decoded += 1;
    const ref = field.refOf(value);
    const resource = ref && resourceNamed(ref.type);
    if (!ref || !resource) return undefined;
    const key = keyOfRef(ref);
    const shared = `${ref.type} ${resource.lookupCost ? resource.lookupCost.sharedBy(key) : resource.pathOf(key)}`;
    if (this.counted.has(shared)) return 0;
    this.counted.add(shared);
    return resource.lookupCost?.requests ?? 1;
  }
}

function representationRef(value: unknown): GlobalRef | undefined {
  try {
    return parseRepresentation(value, 'representations');
  } catch {
    return undefined; // the entities guard refuses the whole field before any upstream request
  }
}
