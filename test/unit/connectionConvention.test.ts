/**
 * The connection convention of src/schema/relayConventions.ts on tiny SDL documents: what it generates,
 * what it leaves alone, and how it refuses a connection whose node type is missing.
 */
import { buildASTSchema, parse, print, printType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { expandRelayConventions } from '../../src/schema/relayConventions';

// What every generated connection refers to; schema/relay.graphql declares the real ones.
const RELAY_TYPES = `
type PageInfo { hasNextPage: Boolean! }
enum CursorStatus { EXACT }
`;

const build = (sdl: string): GraphQLSchema => buildASTSchema(expandRelayConventions(parse(RELAY_TYPES + sdl)));
const object = (schema: GraphQLSchema, name: string) => schema.getType(name) as GraphQLObjectType;
/** `name: Type` of each argument of `Type.field`. */
const argsOf = (schema: GraphQLSchema, type: string, field: string) =>
  object(schema, type).getFields()[field]!.args.map((arg) => `${arg.name}: ${String(arg.type)}`);
const fieldsOf = (schema: GraphQLSchema, type: string) =>
  Object.values(object(schema, type).getFields()).map((field) => `${field.name}: ${String(field.type)}`);

describe('the connection convention', () => {
  const schema = build(`
type Query {
  """The runs, filtered by status."""
  runs(status: String): SyncRunConnection!
  recentRuns: SyncRunConnection
}
type SyncRun { name: String }
`);

  it("appends first/after/last/before after the field's own arguments", () => {
    expect(argsOf(schema, 'Query', 'runs')).toEqual(['status: String', 'first: Int', 'after: String', 'last: Int', 'before: String']);
    expect(argsOf(schema, 'Query', 'recentRuns')).toEqual(['first: Int', 'after: String', 'last: Int', 'before: String']);
  });

  it('keeps the nullability of the field', () => {
    expect(String(object(schema, 'Query').getFields().runs!.type)).toBe('SyncRunConnection!');
    expect(String(object(schema, 'Query').getFields().recentRuns!.type)).toBe('SyncRunConnection');
  });

  it('generates the connection and edge types once, with nullable items', () => {
    expect(fieldsOf(schema, 'SyncRunConnection')).toEqual([
      'edges: [SyncRunEdge]!',
      'nodes: [SyncRun]!',
      'pageInfo: PageInfo!',
      'cursorStatus: CursorStatus',
      'totalCount: Int!',
    ]);
    expect(fieldsOf(schema, 'SyncRunEdge')).toEqual(['cursor: String!', 'node: SyncRun!']);
  });

  it('describes what it generates in words of the node type', () => {
    const args = object(schema, 'Query').getFields().runs!.args;
    expect(args.find((arg) => arg.name === 'first')?.description).toBe(
      'Returns the first n sync runs after `after` (0 to the configured maximum, 100 by default).',
    );
    expect(args.find((arg) => arg.name === 'last')?.description).toBe('Returns the last n sync runs before `before` (0 to the configured maximum).');
    expect(object(schema, 'SyncRunConnection').description).toBe('A page of sync runs (Relay connection).');
    expect(object(schema, 'SyncRunEdge').description).toBe('A sync run and its cursor.');
    const connection = object(schema, 'SyncRunConnection').getFields();
    expect(connection.edges!.description).toMatch(/^The sync runs of this page with their cursors\. An item is null only when/);
    expect(connection.cursorStatus!.description).toMatch(/EXACT.*MOVED.*GONE.*STALE_CURSOR/s);
    expect(connection.totalCount!.description).toMatch(/^Number of sync runs in the whole list \(all pages\), with the filters of the field/);
  });

  it("places the generated types right after the node type's definition", () => {
    const names = expandRelayConventions(parse(`type Query { runs: SyncRunConnection } type SyncRun { name: String } type Other { a: Int }`))
      .definitions.map((definition) => ('name' in definition ? definition.name?.value : undefined));
    expect(names).toEqual(['Query', 'SyncRun', 'SyncRunConnection', 'SyncRunEdge', 'Other']);
  });

  it('applies to fields of interfaces and type extensions too', () => {
    const extended = build(`
type Query { a: Int }
extend type Query { runs: SyncRunConnection! }
interface HasRuns { runs: SyncRunConnection! }
type SyncRun { name: String }`);
    expect(argsOf(extended, 'Query', 'runs')).toEqual(['first: Int', 'after: String', 'last: Int', 'before: String']);
    expect((extended.getType('HasRuns') as GraphQLObjectType).getFields().runs!.args).toHaveLength(4);
  });

  it('leaves a connection written by hand alone, with the fields that return it', () => {
    const sdl = `type Query { items(page: Int): ItemConnection! } type Item { name: String } type ItemConnection { items: [Item!]! }`;
    const expanded = build(sdl);
    expect(argsOf(expanded, 'Query', 'items')).toEqual(['page: Int']);
    expect(printType(object(expanded, 'ItemConnection'))).toBe('type ItemConnection {\n  items: [Item!]!\n}');
    expect(expanded.getType('ItemEdge')).toBeUndefined();
  });

  it('leaves a document without connections as it was', () => {
    const document = parse('type Query { count: Int } type Item { name: String }');
    expect(print(expandRelayConventions(document))).toBe(print(document));
  });

  it('refuses a connection whose node type schema/ does not declare as an object type', () => {
    expect(() => build('type Query { things(kind: String): ThingConnection! }')).toThrow(
      'Query.things returns ThingConnection, which schema/ does not declare, so it is taken for a Relay connection of Thing; but schema/ declares no object type Thing.',
    );
    expect(() => build('type Query { colors: ColorConnection } enum Color { RED }')).toThrow(/declares no object type Color/);
  });

  it('refuses a field that declares a Relay argument itself, and an edge type without its connection', () => {
    expect(() => build('type Query { items(first: Int): ItemConnection } type Item { a: Int }')).toThrow(
      'Query.items returns ItemConnection, which schema/ does not declare: the connection convention adds `first` itself; remove it from the field.',
    );
    expect(() => build('type Query { items: ItemConnection } type Item { a: Int } type ItemEdge { node: Item }')).toThrow(/declares ItemEdge/);
  });
});
