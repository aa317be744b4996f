import { GraphQLError } from 'graphql';
import { createJsonScalar } from '../../src/scalars';
import { bodyLimitsOf, findJsonExcess } from '../../src/upstream/jsonLimits';

const limits = { maxDepth: 3, maxKeys: 5 };

/** `depth` arrays nested in one another, parsed by JSON.parse as an upstream body would be. */
const nestedArrays = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}0${']'.repeat(depth)}`);
const nestedObjects = (depth: number): unknown => JSON.parse(`${'{"a":'.repeat(depth)}0${'}'.repeat(depth)}`);

describe('findJsonExcess', () => {
  it('counts a scalar as 0 levels deep and each array or object as one more', () => {
    expect(findJsonExcess('text', { maxDepth: 0, maxKeys: 0 })).toBeUndefined();
    expect(findJsonExcess([], { maxDepth: 0, maxKeys: 0 })).toEqual({ kind: 'depth', limit: 0 });
    expect(findJsonExcess(nestedArrays(3), limits)).toBeUndefined();
    expect(findJsonExcess(nestedArrays(4), limits)).toEqual({ kind: 'depth', limit: 3 });
    expect(findJsonExcess(nestedObjects(3), limits)).toBeUndefined();
    expect(findJsonExcess(nestedObjects(4), limits)).toEqual({ kind: 'depth', limit: 3 });
    expect(findJsonExcess({ a: [1], b: { c: [2, { d: 3 }] } }, limits)).toEqual({ kind: 'depth', limit: 3 });
  });

  it('counts object keys and array items together, over every level', () => {
    expect(findJsonExcess({ a: [1, 2], b: { c: null } }, limits)).toBeUndefined();
    expect(findJsonExcess({ a: [1, 2], b: { c: null, d: null } }, limits)).toEqual({ kind: 'keys', limit: 5 });
    expect(findJsonExcess([1, 2, 3, 4, 5, 6], limits)).toEqual({ kind: 'keys', limit: 5 });
  });

  it('walks 100,000 nested arrays or objects without overflowing the stack', () => {
    const wide = { maxDepth: 1_000_000, maxKeys: 1_000_000 };
    expect(findJsonExcess(nestedArrays(100_000), wide)).toBeUndefined();
    expect(findJsonExcess(nestedObjects(100_000), wide)).toBeUndefined();
    expect(findJsonExcess(nestedArrays(100_000), { maxDepth: 64, maxKeys: 10000 })).toEqual({ kind: 'depth', limit: 64 });
    expect(findJsonExcess(nestedObjects(100_000), { maxDepth: 99_999, maxKeys: 1_000_000 })).toEqual({ kind: 'depth', limit: 99_999 });
  });

  it('finds a cycle too deep and what JSON.parse never makes not JSON', () => {
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expect(findJsonExcess(cycle, { maxDepth: 64, maxKeys: 1_000_000 })).toEqual({ kind: 'depth', limit: 64 });
    expect(findJsonExcess({ a: [10n] }, limits)).toEqual({ kind: 'not-json', found: 'bigint' });
    expect(findJsonExcess([() => 1], limits)).toEqual({ kind: 'not-json', found: 'function' });
    expect(findJsonExcess({ at: new Date(0) }, limits)).toEqual({ kind: 'not-json', found: 'a non-plain object' });
    expect(findJsonExcess(Object.create(null), limits)).toBeUndefined();
  });

  it('checks whole bodies against the value limits times 100', () => {
    expect(bodyLimitsOf({ maxDepth: 64, maxKeys: 10000 })).toEqual({ maxDepth: 6400, maxKeys: 1_000_000 });
  });
});

describe('the JSON scalar', () => {
  const scalar = createJsonScalar(limits);

  it('serializes a value within the limits as itself', () => {
    const value = { a: [1, { b: 'c' }] };
    expect(scalar.serialize(value)).toBe(value);
  });

  it('throws nothing but a GraphQLError with a code, whatever the value', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const throwingGetter = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('getter failed');
      },
    });
    const throwingProxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('proxy failed');
        },
      },
    );
    const cases: Array<[unknown, string]> = [
      [nestedArrays(100_000), 'UPSTREAM_ERROR'],
      [Array.from({ length: 6 }, () => 0), 'UPSTREAM_ERROR'],
      [cycle, 'UPSTREAM_ERROR'],
      [{ n: 1n }, 'INTERNAL_SERVER_ERROR'],
      [new Map([['a', 1]]), 'INTERNAL_SERVER_ERROR'],
      [throwingGetter, 'INTERNAL_SERVER_ERROR'],
      [throwingProxy, 'INTERNAL_SERVER_ERROR'],
    ];
    for (const [value, code] of cases) {
      let thrown: unknown;
      try {
        scalar.serialize(value);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(GraphQLError);
      expect((thrown as GraphQLError).extensions.code).toBe(code);
    }
  });
});
