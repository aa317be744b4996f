/**
 * The input object mutation convention, the node identity convention and `@copyFields` of
 * src/schema/relayConventions.ts on tiny SDL documents (the connection convention has its own file).
 */
import { buildASTSchema, parse, type GraphQLInputObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { expandRelayConventions } from '../../src/schema/relayConventions';
import { wordingOf } from '../../src/schema/wording';

const build = (sdl: string): GraphQLSchema => buildASTSchema(expandRelayConventions(parse(sdl)));
const fieldsOf = (schema: GraphQLSchema, type: string) =>
  Object.values((schema.getType(type) as GraphQLObjectType | GraphQLInputObjectType).getFields()).map((field) => `${field.name}: ${String(field.type)}`);
const descriptionOf = (schema: GraphQLSchema, type: string, field: string) =>
  (schema.getType(type) as GraphQLObjectType | GraphQLInputObjectType).getFields()[field]?.description;

describe('the input object mutation convention', () => {
  const schema = build(`
type Query { a: Int }
type Mutation {
  renameItem(input: RenameItemInput!): RenameItemPayload
  touchItem(input: TouchItemInput!): TouchItemPayload!
  plainItem(id: ID!, input: TouchItemInput!): Int
}
input RenameItemInput { id: ID!, name: String! }
type RenameItemPayload { ok: Boolean! }
input TouchItemInput { id: ID! }
type TouchItemPayload { ok: Boolean! }`);

  it('adds clientMutationId last to the input and first to the payload', () => {
    expect(fieldsOf(schema, 'RenameItemInput')).toEqual(['id: ID!', 'name: String!', 'clientMutationId: String']);
    expect(fieldsOf(schema, 'RenameItemPayload')).toEqual(['clientMutationId: String', 'ok: Boolean!']);
    expect(fieldsOf(schema, 'TouchItemPayload')).toEqual(['clientMutationId: String', 'ok: Boolean!']);
    expect(descriptionOf(schema, 'RenameItemInput', 'clientMutationId')).toBe(
      'Any string; returned unchanged in the payload so the client can match answers to requests.',
    );
    expect(descriptionOf(schema, 'RenameItemPayload', 'clientMutationId')).toBe('The `clientMutationId` of the input, unchanged.');
  });

  it('adds it once to a type that several mutations use, and ignores fields with more than `input`', () => {
    expect(fieldsOf(schema, 'TouchItemInput')).toEqual(['id: ID!', 'clientMutationId: String']);
  });

  it('follows the mutation root type the schema definition names', () => {
    const renamed = build(`
schema { query: Query, mutation: Actions }
type Query { a: Int }
type Actions { run(input: RunInput!): RunPayload }
input RunInput { id: ID! }
type RunPayload { ok: Boolean }`);
    expect(fieldsOf(renamed, 'RunInput')).toEqual(['id: ID!', 'clientMutationId: String']);
  });

  it('refuses a clientMutationId written by hand, and input or payload types schema/ does not declare', () => {
    const mutation = 'type Query { a: Int } type Mutation { run(input: RunInput!): RunPayload }';
    expect(() => build(`${mutation} input RunInput { id: ID, clientMutationId: String } type RunPayload { ok: Boolean }`)).toThrow(
      'RunInput (of Mutation.run) declares `clientMutationId`: the input object mutation convention adds it; remove it from schema/.',
    );
    expect(() => build(`${mutation} input RunInput { id: ID } union RunPayload = Query`)).toThrow(
      'Mutation.run uses RunPayload, which schema/ does not declare as an object type.',
    );
    expect(() => build(`${mutation} type RunPayload { ok: Boolean }`)).toThrow('Mutation.run uses RunInput, which schema/ does not declare as an input type.');
    expect(() => build('type Query { a: Int } type Mutation { run(input: RunInput!): [RunPayload] } input RunInput { id: ID }')).toThrow(
      'Mutation.run takes an `input`, so it must return a payload object type, not a list.',
    );
  });
});

describe('the node identity convention', () => {
  const schema = build(`
interface Node { id: ID! }
type Query { node(id: ID!): Node }
type SyncRun implements Node @key(fields: "databaseId") { name: String }
type Workspace implements Node {
  """The workspace's own words."""
  databaseId: Int!
  name: String
}
type Plain { name: String }
directive @key(fields: String) repeatable on OBJECT`);

  it("gives a Node type Relay's global id and its upstream databaseId, first", () => {
    expect(fieldsOf(schema, 'SyncRun')).toEqual(['id: ID!', 'databaseId: Int!', 'name: String']);
    expect(descriptionOf(schema, 'SyncRun', 'id')).toBe('Opaque global id of the sync run.');
    expect(descriptionOf(schema, 'SyncRun', 'databaseId')).toBe("The sync run's id in the AI Squared API.");
  });

  it('keeps a field the type writes itself, and leaves other types alone', () => {
    expect(fieldsOf(schema, 'Workspace')).toEqual(['id: ID!', 'databaseId: Int!', 'name: String']);
    expect(descriptionOf(schema, 'Workspace', 'databaseId')).toBe("The workspace's own words.");
    expect(fieldsOf(schema, 'Plain')).toEqual(['name: String']);
  });
});

describe('@copyFields', () => {
  const base = `
type Query { a: Int }
type Mutation { start(input: StartInput!): Payload, stop(input: StopInput!): Payload }
type Payload { ok: Boolean }
input StartInput {
  """Which one."""
  id: ID
}`;

  it("puts the source's fields first, before the type's own and the convention's clientMutationId", () => {
    const schema = build(`${base} input StopInput @copyFields(from: "StartInput") { force: Boolean }`);
    expect(fieldsOf(schema, 'StopInput')).toEqual(['id: ID', 'force: Boolean', 'clientMutationId: String']);
    expect(fieldsOf(schema, 'StartInput')).toEqual(['id: ID', 'clientMutationId: String']);
    expect(descriptionOf(schema, 'StopInput', 'id')).toBe('Which one.');
    expect(expandRelayConventions(parse(`${base} input StopInput @copyFields(from: "StartInput")`)).definitions.at(-1)).toMatchObject({ directives: [] });
  });

  it('refuses a missing source, a copying source, a clash and a malformed directive', () => {
    expect(() => build(`${base} input StopInput @copyFields(from: "GoInput")`)).toThrow(
      'StopInput: @copyFields copies from GoInput, which is not an input type of schema/.',
    );
    expect(() => build(`${base} input StopInput @copyFields(from: "StartInput") input Other @copyFields(from: "StopInput")`)).toThrow(/copies its fields too/);
    expect(() => build(`${base} input StopInput @copyFields(from: "StartInput") { id: ID! }`)).toThrow(
      'StopInput: its field `id` is also copied from StartInput.',
    );
    expect(() => build(`${base} input StopInput @copyFields(type: "StartInput")`)).toThrow(/takes one argument, `from`/);
  });
});

describe('the wording of generated descriptions', () => {
  it.each([
    ['SyncRun', 'sync run', 'sync runs', 'A sync run'],
    ['Connector', 'connector', 'connectors', 'A connector'],
    ['Entity', 'entity', 'entities', 'An entity'],
    ['Box', 'box', 'boxes', 'A box'],
    ['AIModel', 'AI model', 'AI models', 'An AI model'],
  ])('%s is "%s", several "%s"', (name, one, many, anOne) => {
    expect(wordingOf(name)).toEqual({ one, many, anOne });
  });
});
