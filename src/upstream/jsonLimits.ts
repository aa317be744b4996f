/**
 * Bounds on the JSON the upstream sends: how deep a value nests and how many keys and items it holds.
 * JSON.parse accepts any depth, but V8's JSON.stringify recurses and throws a RangeError a few thousand
 * levels down, so an unbounded value would break the serialization of the whole response. Measuring
 * therefore uses an explicit stack, never recursion: it cannot overflow whatever the input.
 *
 * Two checks use these limits (docs/limits-and-failures.md#upstream-json):
 * - each `JSON` scalar value, when serialized: over the limits, that field alone fails;
 * - each parsed upstream body, against the same limits times BODY_FACTOR: over those, the request fails.
 */

export interface JsonLimits {
  /** Deepest nesting of objects and arrays: a scalar is 0 levels deep, `[1]` and `{}` 1, `[[1]]` 2. */
  maxDepth: number;
  /** Most object keys and array items in one value, counted over all its levels. */
  maxKeys: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = { maxDepth: 64, maxKeys: 10000 };

/**
 * A whole body may be this many times over the value limits (in depth and in keys) before it is refused:
 * a page holds up to 100 values, and a body merely deep enough to break one value must fail that
 * value's field only, not every item of the page.
 */
export const BODY_FACTOR = 100;

/** What a value broke first; `not-json` is something JSON.parse never makes (a bug, not the upstream). */
export type JsonExcess = { kind: 'depth'; limit: number } | { kind: 'keys'; limit: number } | { kind: 'not-json'; found: string };

/** The limits a whole upstream body is checked against. */
export function bodyLimitsOf(limits: JsonLimits): JsonLimits {
  return { maxDepth: limits.maxDepth * BODY_FACTOR, maxKeys: limits.maxKeys * BODY_FACTOR };
}

/**
 * The first limit `value` breaks, or undefined when it is within both. Stops at the first excess, so
 * it walks little more than `maxKeys` entries whatever the size of the value. A cycle counts as too deep.
 */
export function findJsonExcess(value: unknown, limits: JsonLimits): JsonExcess | undefined {
  // Values waiting to be checked, each with its parent's depth (parallel arrays: no object per entry).
  const containers: unknown[] = [value];
  const depths: number[] = [0];
  let keys = 0;
  while (containers.length > 0) {
    const item = containers.pop();
    const depth = (depths.pop() as number) + 1;
    const found = nonJsonKind(item);
    if (found) return { kind: 'not-json', found };
    if (item === null || typeof item !== 'object') continue;
    if (depth > limits.maxDepth) return { kind: 'depth', limit: limits.maxDepth };
    if (Array.isArray(item)) {
      keys += item.length;
      if (keys > limits.maxKeys) return { kind: 'keys', limit: limits.maxKeys };
      for (let i = 0; i < item.length; i += 1) queueUnlessJsonScalar(containers, depths, item[i], depth);
      continue;
    }
    // for...in walks a plain object's own keys (nonJsonKind vouched for its prototype) without copying them.
    for (const key in item) {
      if (++keys > limits.maxKeys) return { kind: 'keys', limit: limits.maxKeys };
      queueUnlessJsonScalar(containers, depths, (item as Record<string, unknown>)[key], depth);
    }
  }
  return undefined;
}

/** Queues a child to be checked, unless it is a string, number, boolean, null or undefined: fine as they are. */
function queueUnlessJsonScalar(containers: unknown[], depths: number[], child: unknown, depth: number): void {
  const type = typeof child;
  if (child === null || type === 'string' || type === 'number' || type === 'boolean' || type === 'undefined') return;
  containers.push(child);
  depths.push(depth);
}

/** Why `value` cannot be JSON data, or undefined when it can (undefined itself is allowed: JSON.stringify drops it). */
function nonJsonKind(value: unknown): string | undefined {
  switch (typeof value) {
    case 'bigint':
    case 'function':
    case 'symbol':
      return typeof value;
    case 'object': {
      if (value === null || Array.isArray(value)) return undefined;
      const prototype: unknown = Object.getPrototypeOf(value);
      return prototype === Object.prototype || prototype === null ? undefined : 'a non-plain object';
    }
    default:
      return undefined;
  }
}
