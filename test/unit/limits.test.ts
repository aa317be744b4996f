/**
 * The inbound limits as pure functions over the real schema: the shape rule (depth, aliases, root
 * fields, directives) run by graphql-js `validate`, and the cost estimate with variable values. The
 * depth cases mirror GraphQL Armor's suite, including the known bypasses (a fragment or operation
 * named `__schema`, a fragment reused deeper).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getIntrospectionQuery, getOperationAST, parse, specifiedRules, validate } from 'graphql';
import { loadConfig } from '../../src/config';
import { EXAMPLE_QUERY } from '../../src/graphiql/exampleQuery';
import { encodeGlobalId } from '../../src/globalId';
import { isAcceptedCharset } from '../../src/limits/charset';
import { estimateCost } from '../../src/limits/cost';
import { firstShapeBreach, type ShapeLimits } from '../../src/limits/shapeCheck';
import { measureOperation } from '../../src/limits/shape';
import { stripSuggestions } from '../../src/limits/suggestions';
import { createSchema } from '../../src/schema';

const schema = createSchema();

const small: ShapeLimits = { maxDepth: 4, maxAliases: 2, maxRootFields: 3, maxDirectives: 2, maxRepeatedFields: 3, maxEntityFetches: 3 };

/** As the gateway's pipeline does: the shape check first (its first breach only), then the spec's rules. */
function validationMessages(query: string, limits: ShapeLimits = small, exposeLimits = true): string[] {
  const document = parse(query);
  const breach = firstShapeBreach(document, limits, exposeLimits);
  if (breach) return [breach.message];
  return validate(schema, document, specifiedRules).map((error) => error.message);
}

function shapeOf(query: string) {
  const document = parse(query);
  const operation = getOperationAST(document);
  if (!operation) throw new Error('no operation');
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === 'FragmentDefinition' ? [[d.name.value, d] as const] : [])));
  return measureOperation(operation, (name) => fragments.get(name));
}

function costOf(query: string, variables?: Record<string, unknown>, defaultPageSize = 10): number {
  const document = parse(query);
  const operation = getOperationAST(document);
  if (!operation) throw new Error('no operation');
  return estimateCost(schema, document, operation, variables, { defaultPageSize });
}

const tooDeep = 'The query nests fields 5 levels deep; the gateway allows at most 4.';

describe('depth', () => {
  it('counts a root field as depth 1 and accepts a query at the limit', () => {
    expect(shapeOf('{ syncs { nodes { runs { totalCount } } } }').depth).toBe(4);
    expect(validationMessages('{ syncs { nodes { runs { totalCount } } } }')).toEqual([]);
  });

  it.each([
    ['directly', '{ syncs { nodes { runs { nodes { databaseId } } } } }'],
    ['through a fragment', '{ syncs { ...S } } fragment S on SyncConnection { nodes { runs { nodes { databaseId } } } }'],
    ['through nested fragments', '{ syncs { ...A } } fragment A on SyncConnection { nodes { ...B } } fragment B on Sync { runs { nodes { databaseId } } }'],
    ['through an inline fragment', '{ syncs { nodes { ... on Sync { runs { nodes { databaseId } } } } } }'],
    ['through a fragment named __schema', '{ syncs { ...__schema } } fragment __schema on SyncConnection { nodes { runs { nodes { databaseId } } } }'],
    ['in an operation named __schema', 'query __schema { syncs { nodes { runs { nodes { databaseId } } } } }'],
    ['under an alias named __schema', '{ __schema: syncs { nodes { runs { nodes { databaseId } } } } }'],
    ['under an alias named __type', '{ syncs { nodes { __type: runs { nodes { databaseId } } } } }'],
  ])('rejects a query one level too deep %s', (_how, query) => {
    expect(validationMessages(query)).toEqual([tooDeep]);
  });

  it('measures a fragment at the depth where it is spread', () => {
    const fragment = 'fragment M on Model { connector { name } }';
    expect(shapeOf(`{ sync(databaseId: 1) { model { ...M } } } ${fragment}`).depth).toBe(4);
    expect(shapeOf(`{ syncs { nodes { runs { nodes { sync { model { ...M } } } } } } } ${fragment}`).depth).toBe(8);
  });

  it('rejects a deep query even after the same fragment passed in a shallow query', () => {
    const fragment = 'fragment R on SyncRunConnection { nodes { records { nodes { databaseId } } } }';
    expect(validationMessages(`{ sync(databaseId: 1) { runs { ...R } } } ${fragment}`, { ...small, maxDepth: 6 })).toEqual([]);
    expect(validationMessages(`{ syncs { nodes { runs { ...R } } } } ${fragment}`, { ...small, maxDepth: 6 })).toEqual([
      'The query nests fields 7 levels deep; the gateway allows at most 6.',
    ]);
  });

  it('survives cyclic fragments: graphql-js reports the cycle, the shape rule does not overflow', () => {
    const query = '{ syncs { ...A } } fragment A on SyncConnection { nodes { databaseId } ...B } fragment B on SyncConnection { totalCount ...A }';
    expect(validationMessages(query)).toEqual(['Cannot spread fragment "A" within itself via "B".']);
    expect(shapeOf(query)).toEqual({ depth: 3, aliases: 0, rootFields: 1, directives: 0, repeats: 1, entityFetches: 0 });
  });

  it('measures the introspection fields as one level, so GraphiQL\'s introspection query passes the default limits', () => {
    const defaults = { ...loadConfig({}).limits, maxEntityFetches: 100 };
    expect(validationMessages(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }), defaults)).toEqual([]);
    expect(shapeOf('{ __schema { types { fields { type { ofType { ofType { name } } } } } } }').depth).toBe(1);
  });

  it('keeps fragment fan-out linear: 40 fragments each spreading the next twice are measured at once', () => {
    const fragments = Array.from({ length: 40 }, (_, i) =>
      i === 39 ? `fragment F${i} on Query { a${i}: __typename }` : `fragment F${i} on Query { a${i}: __typename ...F${i + 1} ...F${i + 1} }`,
    ).join('\n');
    const shape = shapeOf(`{ ...F0 } ${fragments}`);
    // 2^0 + 2^1 + ... + 2^39 aliased uses once every spread is expanded.
    expect(shape.aliases).toBe(2 ** 40 - 1);
    expect(shape.rootFields).toBe(2 ** 40 - 1);
  });
});

describe('aliases, root fields and directives', () => {
  it('counts every aliased use, fragments expanded where spread', () => {
    expect(shapeOf('{ a: syncs { b: totalCount } ...F ...F } fragment F on Query { c: syncs { totalCount } }').aliases).toBe(4);
    expect(validationMessages('{ a: syncs { totalCount } c: syncs { totalCount } }')).toEqual([]);
    expect(validationMessages('{ a: syncs { b: totalCount } c: syncs { totalCount } }')).toEqual([
      'The query uses 3 aliases; the gateway allows at most 2.',
    ]);
  });

  it('counts root fields through fragments and inline fragments, every repeated use included', () => {
    expect(shapeOf('{ __typename ... on Query { __typename } ...F } fragment F on Query { syncs { totalCount } }').rootFields).toBe(3);
    expect(validationMessages('{ __typename __typename __typename __typename }')).toEqual([
      'The query selects 4 root fields; the gateway allows at most 3.',
    ]);
  });

  it('counts directives on the operation, variables, fields, inline fragments, spreads and fragment definitions', () => {
    const query = `query Q($a: Boolean = true) {
      syncs @include(if: $a) { totalCount @skip(if: false) ... @include(if: true) { totalCount } ...F @include(if: true) }
    } fragment F on SyncConnection { totalCount @include(if: true) }`;
    expect(shapeOf(query).directives).toBe(5);
    expect(validationMessages(query, { ...small, maxDirectives: 5 })).toEqual([]);
    expect(validationMessages(query, { ...small, maxDirectives: 4 })).toEqual(['The query uses 5 directives; the gateway allows at most 4.']);
  });

  it('stops at the first limit an operation exceeds, before the spec rules run, and hides the numbers when limits are not exposed', () => {
    const query = '{ a: __typename b: __typename c: __typename d: syncs { nodes { runs { nodes { databaseId @skip(if: false) @include(if: true) @deprecated } } } } }';
    // Root fields first: they are counted without descending, the cheapest refusal of a wide document.
    expect(validationMessages(query, small, false)).toEqual(['The query selects more root fields than the gateway allows.']);
    expect(validationMessages(query, { ...small, maxRootFields: 4 }, false)).toEqual(['The query nests fields more deeply than the gateway allows.']);
    expect(validationMessages(query, { ...small, maxRootFields: 4, maxDepth: 5 }, false)).toEqual(['The query uses more aliases than the gateway allows.']);
    expect(validationMessages(query, { ...small, maxDepth: 5, maxAliases: 4, maxRootFields: 4 }, false)).toEqual([
      'The query uses more directives than the gateway allows.',
    ]);
    expect(validationMessages(query, { ...small, maxDepth: 5, maxAliases: 4, maxRootFields: 4, maxDirectives: 3 })).toEqual([
      'Directive "@deprecated" may not be used on FIELD.',
    ]);
  });

  it('counts repeats of one response name per selection set: inline fragments flattened, a named fragment once', () => {
    expect(shapeOf('{ syncs { nodes { id id ... on Sync { id } } } }').repeats).toBe(3);
    expect(shapeOf('{ syncs { nodes { id ...F ...F ...F } } } fragment F on Sync { id id }').repeats).toBe(3);
    expect(shapeOf('{ syncs { nodes { id } } a: syncs { totalCount } b: syncs { totalCount } }').repeats).toBe(1);
    expect(validationMessages('{ syncs { nodes { id id id id } } }')).toEqual([
      'The query selects one field 4 times in one selection set; the gateway allows at most 3.',
    ]);
  });
});

describe("a router's entity fetches merged into one request", () => {
  // As Hive Gateway writes them: one aliased _entities field per fetch, variables renamed.
  const fetch = (i: number, inner: string) => `_v${i}__entities: _entities(representations: $r${i}) { __typename ... on Sync { ${inner} } }`;
  const batch = (n: number, inner: (i: number) => string) => `query (${Array.from({ length: n }, (_, i) => `$r${i}: [_Any!]!`).join(' ')}) { ${Array.from({ length: n }, (_, i) => fetch(i, inner(i))).join(' ')} }`;

  it('judges each _entities field alone: not a root field, its alias not counted, its aliases, depth and directives its own', () => {
    // 3 fetches with 2 aliases each: 6 aliases and 3 "root fields" were the whole batch one operation.
    expect(validationMessages(batch(3, (i) => `a${i}: status b${i}: databaseId`))).toEqual([]);
    expect(shapeOf(batch(3, (i) => `a${i}: status b${i}: databaseId`))).toEqual({ depth: 2, aliases: 2, rootFields: 0, directives: 0, repeats: 1, entityFetches: 3 });
    expect(validationMessages(batch(2, () => 'a: status b: databaseId c: id'))).toEqual(['The query uses 3 aliases; the gateway allows at most 2.']);
    expect(validationMessages(batch(2, () => 'runs { nodes { sync { databaseId } } }'))).toEqual(['The query nests fields 5 levels deep; the gateway allows at most 4.']);
  });

  it('counts the other root fields of the operation as before, and bounds the fetches by the representation cap', () => {
    expect(validationMessages(`query ($r0: [_Any!]!) { a: syncs { totalCount } b: syncs { totalCount } ${fetch(0, 'status')} }`)).toEqual([]);
    expect(validationMessages(`query ($r0: [_Any!]!) { a: syncs { totalCount } b: syncs { totalCount } c: syncs { totalCount } ${fetch(0, 'status')} }`)).toEqual([
      'The query uses 3 aliases; the gateway allows at most 2.',
    ]);
    expect(validationMessages(batch(4, () => 'status'))).toEqual(['The query selects 4 _entities fields; the gateway allows at most 3.']);
    expect(validationMessages(batch(4, () => 'status'), small, false)).toEqual(['The query selects more _entities fields than the gateway allows.']);
  });

  it('counts an _entities field spread from a fragment, or repeated under one response name, like any other field', () => {
    const spread = 'query ($r: [_Any!]!) { ...F } fragment F on Query { a: _entities(representations: $r) { __typename } b: _entities(representations: $r) { __typename } c: _entities(representations: $r) { __typename } d: _entities(representations: $r) { __typename } }';
    expect(validationMessages(spread)).toEqual(['The query selects 4 root fields; the gateway allows at most 3.']);
    const repeated = `query ($r: [_Any!]!) { ${'_entities(representations: $r) { __typename } '.repeat(3)}}`;
    expect(shapeOf(repeated).repeats).toBe(3);
  });
});

describe('cost', () => {
  it('counts each object 1, multiplied by the first/last of every connection above it', () => {
    expect(costOf('{ syncs(first: 10) { nodes { runs(first: 3) { nodes { databaseId } } } } }')).toBe(1 + 10 + 10 + 30);
    expect(costOf('{ syncs(first: 10) { totalCount nodes { databaseId status } } }')).toBe(1 + 10);
  });

  it('reads first/last from variables, from a variable default, or uses the default page size', () => {
    const query = 'query ($n: Int, $m: Int = 7) { a: syncs(first: $n) { nodes { databaseId } } b: syncs(last: $m) { nodes { databaseId } } }';
    expect(costOf(query, { n: 40 })).toBe(1 + 40 + 1 + 7);
    expect(costOf(query, { n: 40, m: 2 })).toBe(1 + 40 + 1 + 2);
    expect(costOf(query, {})).toBe(1 + 10 + 1 + 7);
    expect(costOf(query, { n: null, m: null })).toBe(1 + 10 + 1 + 10);
    expect(costOf(query, { n: 99999999 })).toBe(1 + 99999999 + 1 + 7);
  });

  it('takes the larger of first and last when both are given, and counts a negative size as 0', () => {
    expect(costOf('{ syncs(first: 5, last: 50) { nodes { databaseId } } }')).toBe(1 + 50);
    expect(costOf('{ syncs(first: -1) { nodes { databaseId } } }')).toBe(1);
  });

  it('counts lists by the default page size, introspection not at all', () => {
    expect(costOf('{ workspaces { name } }', undefined, 10)).toBe(1);
    expect(costOf('{ __schema { types { fields { name } } } __type(name: "Sync") { name } }')).toBe(0);
  });

  it('expands fragments where they are spread, and weighs a mutation root field 10', () => {
    expect(costOf('{ syncs(first: 4) { ...N } } fragment N on SyncConnection { nodes { runs(first: 2) { nodes { databaseId } } } }')).toBe(1 + 4 + 4 + 8);
    expect(costOf('mutation { setSyncEnabled(input: { syncDatabaseId: 1, enabled: true }) { sync { databaseId } } }')).toBe(10 + 1);
  });

  it('counts a connection that is multiplied inside a list of a list', () => {
    const query = '{ syncs(first: 100) { nodes { runs(first: 100) { nodes { records(first: 100) { nodes { databaseId } } } } } } }';
    expect(costOf(query)).toBe(1 + 100 + 100 + 100 * 100 + 100 * 100 + 100 * 100 * 100);
  });
});

describe('the cost of lookups by id and by representation', () => {
  const sync = (syncId: number) => encodeGlobalId({ type: 'Sync', syncId });
  const record = (runId: number, recordId: number) => encodeGlobalId({ type: 'SyncRecord', syncId: 1, runId, recordId });
  const list = (ids: string[]) => ids.map((id) => JSON.stringify(id)).join(', ');
  const RECORD_SCAN = 20;

  it('counts each id at the upstream requests of its type, plus the selection under it once per id', () => {
    const ids = [sync(1), sync(2), encodeGlobalId({ type: 'SyncRun', syncId: 1, runId: 2 }), encodeGlobalId({ type: 'Connector', connectorId: 3 }), encodeGlobalId({ type: 'Model', modelId: 4 })];
    expect(costOf(`{ nodes(ids: [${list(ids)}]) { id } }`)).toBe(5);
    expect(costOf(`{ nodes(ids: [${list(ids)}]) { id ... on Sync { runs(first: 2) { nodes { databaseId } } } } }`)).toBe(5 + 5 * (1 + 2));
    expect(costOf(`{ node(id: "${sync(1)}") { id ... on Sync { model { name } } } }`)).toBe(1 + 1);
  });

  it('counts the records of one run at one scan of that run', () => {
    expect(costOf(`{ nodes(ids: [${list([record(5, 1), record(5, 2), record(5, 3)])}]) { id } }`)).toBe(RECORD_SCAN);
    expect(costOf(`{ nodes(ids: [${list([record(5, 1), record(6, 2), record(7, 3)])}]) { id } }`)).toBe(3 * RECORD_SCAN);
  });

  it('counts an object once, whichever field or key names it, as the request loaders read it once', () => {
    const query = `{
      a: nodes(ids: [${list([sync(1), sync(1)])}]) { id }
      b: node(id: "${sync(1)}") { id }
      c: _entities(representations: [{ __typename: "Sync", databaseId: 1 }, { __typename: "Sync", id: "${sync(1)}" }]) { __typename }
      d: node(id: "${record(5, 9)}") { id }
      e: nodes(ids: [${list([encodeGlobalId({ type: 'Workspace', workspaceId: 1 }), encodeGlobalId({ type: 'Workspace', workspaceId: 2 })])}]) { id }
    }`;
    expect(costOf(query)).toBe(1 + RECORD_SCAN + 1);
  });

  it('reads the ids from variables, their defaults, and variables inside a list', () => {
    expect(costOf('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [sync(1), sync(2), record(5, 1)] })).toBe(2 + RECORD_SCAN);
    expect(costOf('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: sync(1) })).toBe(1);
    expect(costOf(`query ($a: ID!, $b: ID! = "${record(5, 1)}") { nodes(ids: [$a, $b]) { id } }`, { a: sync(1) })).toBe(1 + RECORD_SCAN);
    expect(costOf('query ($id: ID!) { node(id: $id) { id } }', { id: record(5, 1) })).toBe(RECORD_SCAN);
    expect(costOf('query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }', { r: [{ __typename: 'Sync', databaseId: 1 }, { __typename: 'Model', databaseId: 1 }] })).toBe(2);
  });

  it("judges a router's merged entity fetches each alone: the cost is the highest of each fetch's and the rest's", () => {
    const reps = (...ids: number[]) => `[${ids.map((id) => `{ __typename: "Sync", databaseId: ${id} }`).join(', ')}]`;
    const fetch = (alias: string, ids: number[]) => `${alias}: _entities(representations: ${reps(...ids)}) { ... on Sync { runs(first: 5) { nodes { databaseId } } } }`;
    expect(costOf(`{ ${fetch('a', [1, 2])} }`)).toBe(2 + 2 * 6);
    expect(costOf(`{ ${fetch('a', [1, 2])} ${fetch('b', [3, 4])} ${fetch('c', [5, 6])} }`)).toBe(2 + 2 * 6);
    // Objects an earlier fetch already named cost no lookup again; the rest of the operation is one more judge.
    expect(costOf(`{ ${fetch('a', [1, 2, 3])} ${fetch('b', [1, 2])} }`)).toBe(3 + 3 * 6);
    expect(costOf(`{ syncs(first: 50) { nodes { databaseId } } ${fetch('a', [1, 2])} }`)).toBe(1 + 50);
  });

  it('counts an id or a representation that does not decode 1 (it fails only its own item)', () => {
    expect(costOf(`{ nodes(ids: ["a", "${sync(0)}", "${sync(1)}"]) { id } }`)).toBe(3);
    const representations = '[{ __typename: "Sync", databaseId: 1 }, { __typename: "Sync", databaseId: "1/.." }, { __typename: "Sync", databaseId: 1 }, { __typename: "SyncRecord", id: "a" }]';
    expect(costOf(`{ _entities(representations: ${representations}) { __typename } }`)).toBe(1 + 2);
  });

  it('counts the selection under a lookup once per distinct object, as a router names one sync many times', () => {
    const three = Array.from({ length: 3 }, () => [1, 2]).flat().map((databaseId) => ({ __typename: 'Sync', databaseId }));
    const query = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Sync { runs(first: 5) { nodes { databaseId } } } } }';
    expect(costOf(query, { r: three })).toBe(2 + 2 * (1 + 5));
    expect(costOf(`{ nodes(ids: [${list([sync(1), sync(1), sync(1)])}]) { ... on Sync { model { name } } } }`)).toBe(1 + 1);
  });

  it('decodes 10,000 values of an operation and counts the rest at the highest weight undecoded', () => {
    const ids = Array.from({ length: 10_002 }, () => sync(1));
    expect(costOf('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids })).toBe(1 + 2 * RECORD_SCAN);
  });
});

describe('the documented queries fit well within the default limits', () => {
  const defaults = loadConfig({});
  // The examples of this gateway's schema in the README and docs/ (docs/federation.md also shows supergraph queries).
  const root = join(__dirname, '..', '..');
  const documents = ['README.md', ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => join('docs', name))];
  const readmeQueries = documents
    .flatMap((file) => [...readFileSync(join(root, file), 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)])
    .map((m) => m[1] as string)
    .filter((text) => /^\s*(query|mutation)\b/.test(text) && validate(schema, parse(text)).length === 0);
  const queries: Array<[string, string]> = [
    ...readmeQueries.map((query, index) => [`documented example ${index + 1}`, query] as [string, string]),
    ['GraphiQL example', EXAMPLE_QUERY],
    ['syncs → runs → records', '{ syncs(first: 10) { nodes { runs(first: 3) { nodes { records(first: 5) { nodes { databaseId } } } } } } }'],
  ];

  it('finds the documented examples', () => {
    expect(readmeQueries.length).toBeGreaterThanOrEqual(6);
  });

  it.each(queries)('%s validates, and costs at most a tenth of the limit', (_name, query) => {
    expect(validationMessages(query, { ...defaults.limits, maxEntityFetches: 100 }, true)).toEqual([]);
    const document = parse(query);
    for (const definition of document.definitions) {
      if (definition.kind !== 'OperationDefinition') continue;
      const cost = estimateCost(schema, document, definition, {}, { defaultPageSize: defaults.pagination.defaultPageSize });
      expect(cost).toBeLessThanOrEqual(defaults.limits.maxCost / 10);
    }
  });
});

describe('configuration of the inbound limits', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config.limits).toEqual({
      maxRequestBytes: 1048576,
      maxTokens: 5000,
      maxDepth: 12,
      maxAliases: 30,
      maxRootFields: 20,
      maxDirectives: 50,
      maxRepeatedFields: 20,
      maxNesting: 64,
      maxCost: 10000,
    });
    expect(config.shutdownGraceMs).toBe(10000);
  });

  it('reads every limit from the environment and reports every bad value at once', () => {
    const env = {
      MAX_REQUEST_BYTES: '2048',
      MAX_QUERY_TOKENS: '800',
      MAX_QUERY_DEPTH: '6',
      MAX_QUERY_ALIASES: '0',
      MAX_ROOT_FIELDS: '3',
      MAX_QUERY_DIRECTIVES: '4',
      MAX_REPEATED_FIELDS: '5',
      MAX_QUERY_NESTING: '16',
      MAX_QUERY_COST: '500',
      SHUTDOWN_GRACE_MS: '0',
    };
    expect({ ...loadConfig(env).limits, shutdownGraceMs: loadConfig(env).shutdownGraceMs }).toEqual({
      maxRequestBytes: 2048,
      maxTokens: 800,
      maxDepth: 6,
      maxAliases: 0,
      maxRootFields: 3,
      maxDirectives: 4,
      maxRepeatedFields: 5,
      maxNesting: 16,
      maxCost: 500,
      shutdownGraceMs: 0,
    });
    expect(() => loadConfig({ MAX_QUERY_DEPTH: '0', MAX_QUERY_COST: 'lots', MAX_REQUEST_BYTES: '10' })).toThrow(
      'Invalid configuration:\n' +
        '- MAX_REQUEST_BYTES must be between 1024 and 104857600, got 10.\n' +
        '- MAX_QUERY_DEPTH must be between 1 and 1000, got 0.\n' +
        '- MAX_QUERY_COST must be a whole number, got "lots".',
    );
  });
});

describe('request body charsets and suggestions', () => {
  it.each([
    [undefined, true],
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['application/json;charset="UTF-8"', true],
    ['application/json; charset=utf8', true],
    ['application/json; charset=utf-7', false],
    ['application/json; charset=utf-16le', false],
    ['application/json; charset="iso-8859-1"', false],
    ['application/json; charset=', false],
  ])('accepts %p: %p', (contentType, accepted) => {
    expect(isAcceptedCharset(contentType)).toBe(accepted);
  });

  it('strips every "Did you mean" suggestion and keeps the rest of the message', () => {
    expect(stripSuggestions('Cannot query field "syncz" on type "Query". Did you mean "syncs" or "sync"?')).toBe('Cannot query field "syncz" on type "Query".');
    expect(stripSuggestions('Variable "$s" got invalid value "FAILD"; Value "FAILD" does not exist in "SyncRunStatus" enum. Did you mean the enum value "FAILED"?')).toBe(
      'Variable "$s" got invalid value "FAILD"; Value "FAILD" does not exist in "SyncRunStatus" enum.',
    );
    expect(stripSuggestions('Argument "first" must be between 0 and 100, got 500.')).toBe('Argument "first" must be between 0 and 100, got 500.');
  });
});
