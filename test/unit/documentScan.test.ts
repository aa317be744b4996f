/**
 * The flat scan that runs before parsing (src/limits/documentScan.ts): it must count only the brackets,
 * names and root fields graphql-js's parser would see, so strings, block strings, comments and numbers
 * never trip it, its root-field count never exceeds the real one, and every document the parser accepts
 * within the limits passes it.
 */
import { getIntrospectionQuery, getOperationAST, parse } from 'graphql';
import { MAX_NAME_LENGTH, scanDocument, type ScanVerdict } from '../../src/limits/documentScan';
import { countRootFields } from '../../src/limits/shape';
import { EXAMPLE_QUERY } from '../../src/graphiql/exampleQuery';

const limits = { maxNesting: 8, maxRootFields: 3, maxEntityFetches: 3 };
const OK: ScanVerdict = { kind: 'ok' };
const nested = (levels: number) => `{ f(a: ${'['.repeat(levels)}1${']'.repeat(levels)}) }`;
/** The root fields the scan finds in the widest operation: the lowest limit it lets pass. */
function rootsFound(query: string): number {
  for (let max = 0; max < 100; max++) if (scanDocument(query, { maxNesting: 64, maxRootFields: max, maxEntityFetches: 100 }).kind === 'ok') return max;
  throw new Error('more than 100 root fields');
}

describe('the pre-parse scan', () => {
  it('counts braces, brackets and parentheses together, up to the limit', () => {
    expect(scanDocument(nested(6), limits)).toEqual(OK); // { ( + 6 = 8
    expect(scanDocument(nested(7), limits)).toEqual({ kind: 'too-deep' });
    expect(scanDocument(`${'{ a '.repeat(8)}${'}'.repeat(8)}`, limits)).toEqual(OK);
    expect(scanDocument(`${'{ a '.repeat(9)}${'}'.repeat(9)}`, limits)).toEqual({ kind: 'too-deep' });
  });

  it('ignores brackets in strings, block strings (escaped quotes included) and comments', () => {
    const many = '['.repeat(50);
    expect(scanDocument(`{ f(a: "${many}", b: "\\"${many}") }`, limits)).toEqual(OK);
    expect(scanDocument(`{ f(a: """${many} \\""" ${many}""") }`, limits)).toEqual(OK);
    expect(scanDocument(`{ f # ${many}\n }`, limits)).toEqual(OK);
    expect(scanDocument(`{ f(a: "unterminated ${many}\n) }`, limits)).toEqual(OK);
  });

  it('refuses a name over the limit, but not a long number or a long string', () => {
    expect(scanDocument(`{ ${'n'.repeat(MAX_NAME_LENGTH)} }`, limits)).toEqual(OK);
    expect(scanDocument(`{ ${'n'.repeat(MAX_NAME_LENGTH + 1)} }`, limits)).toEqual({ kind: 'name-too-long' });
    expect(scanDocument(`{ f(a: ${'9'.repeat(1000)}) }`, limits)).toEqual(OK);
    expect(scanDocument(`{ f(a: "${'s'.repeat(1000)}") }`, limits)).toEqual(OK);
  });

  it('counts the fields written at an operation\'s root, never more than the parser would', () => {
    const cases: Array<[string, number]> = [
      ['{ a b c d }', 4],
      ['query Q($v: Int = 3, $w: [In!] = [{x: 1}]) @dir(a: { b: c }) { a(x: 1, y: { z: [1, 2] }) b: c d @include(if: $v) }', 3],
      ['{ a, b, c # d e f\n }', 3],
      ['{ x: a y: b ...F ... on Query { c d } ... @skip(if: false) { e } }  fragment F on Query { f g h i j }', 2],
      ['mutation { a { b c d e } }', 1],
      ['{ a(s: "{ b c d e }", t: """ { f g } """) }', 1],
      ['{ a # : b\n c }', 2],
    ];
    for (const [query, direct] of cases) {
      const operation = getOperationAST(parse(query));
      if (!operation) throw new Error('no operation');
      const definitions = parse(query).definitions;
      const real = countRootFields(operation, (name) => definitions.find((d) => d.kind === 'FragmentDefinition' && d.name.value === name) as never);
      expect({ query, found: rootsFound(query) }).toEqual({ query, found: direct });
      expect(direct).toBeLessThanOrEqual(real);
    }
  });

  it('refuses an operation over the root-field limit, and counts each operation of a document on its own', () => {
    expect(scanDocument('{ a b c }', limits)).toEqual(OK);
    expect(scanDocument('{ a b c d }', limits)).toEqual({ kind: 'too-many-root-fields', found: 4 });
    expect(scanDocument('query A { a b c } query B { a b c }', limits)).toEqual(OK);
    expect(scanDocument('fragment F on Query { a b c d e } { ...F }', limits)).toEqual(OK);
  });

  it('counts the _entities fields written at the root as entity fetches, not root fields, each operation on its own', () => {
    const fetches = (n: number) => Array.from({ length: n }, (_, i) => `_${i}__entities: _entities(representations: $r${i}) { __typename }`).join(' ');
    expect(scanDocument(`query { a b c ${fetches(3)} }`, limits)).toEqual(OK);
    expect(scanDocument(`query { ${fetches(4)} }`, limits)).toEqual({ kind: 'too-many-entity-fetches', found: 4 });
    expect(scanDocument(`query A { ${fetches(3)} } query B { ${fetches(3)} }`, limits)).toEqual(OK);
    // An alias or an argument named _entities is not the field.
    expect(scanDocument('{ _entities: a b c }', limits)).toEqual(OK);
    expect(scanDocument('{ _entities: a b c d }', limits)).toEqual({ kind: 'too-many-root-fields', found: 4 });
  });

  it('passes the introspection query and the GraphiQL example at the default limits', () => {
    const defaults = { maxNesting: 64, maxRootFields: 20, maxEntityFetches: 100 };
    expect(scanDocument(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }), defaults)).toEqual(OK);
    expect(scanDocument(EXAMPLE_QUERY, defaults)).toEqual(OK);
  });
});
