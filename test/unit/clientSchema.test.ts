/**
 * schema.graphql, the file Relay, graphql-codegen's client preset and IDEs read, is the executable schema
 * without federation: it parses into a valid schema, holds none of what @apollo/subgraph adds for the
 * router, and every type a client can reach is printed exactly as the running gateway has it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isSpecifiedDirective, printType, validateSchema, type GraphQLNamedType, type GraphQLSchema } from 'graphql';
import { CLIENT_SCHEMA_FILE, clientSchemaFile } from '../../src/schema/clientSchema';
import { createSchema } from '../../src/schema';

const committed = readFileSync(join(__dirname, '..', '..', CLIENT_SCHEMA_FILE), 'utf8');
const executable = createSchema();
const client = buildSchema(committed);

/** What @apollo/subgraph and the federation spec add: the router's entry points and the types of its directives' arguments. */
const FEDERATION_TYPES = /^(_Any|_Entity|_Service|link__.*|federation__.*)$/;
const ROUTER_FIELDS = ['_service', '_entities'];

/** The named types a client can use, by name (graphql's own scalars and introspection types left out). */
function ownTypes(schema: GraphQLSchema): Map<string, GraphQLNamedType> {
  return new Map(Object.values(schema.getTypeMap()).filter((type) => !type.name.startsWith('__') && !['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)).map((type) => [type.name, type]));
}

describe(`the client schema (${CLIENT_SCHEMA_FILE})`, () => {
  it('is committed as `npm run schema:client` writes it from schema/', () => {
    expect(committed).toBe(clientSchemaFile(executable));
  });

  it('parses into a valid schema with Query, Mutation and Subscription as its roots', () => {
    expect(validateSchema(client)).toEqual([]);
    expect([client.getQueryType()?.name, client.getMutationType()?.name, client.getSubscriptionType()?.name]).toEqual(['Query', 'Mutation', 'Subscription']);
  });

  it('holds no federation directive, type, root field or link import', () => {
    expect(client.getDirectives().filter((directive) => !isSpecifiedDirective(directive)).map((directive) => directive.name)).toEqual([]);
    expect([...ownTypes(client).keys()].filter((name) => FEDERATION_TYPES.test(name))).toEqual([]);
    expect(Object.keys(client.getQueryType()?.getFields() ?? {}).filter((name) => name.startsWith('_'))).toEqual([]);
    for (const artefact of ['@link', '@key', '@shareable', 'extend schema', '_entities', '_service', '_Any', '_Entity', 'link__', 'federation__', 'specs.apollo.dev']) {
      expect({ artefact, found: committed.includes(artefact) }).toEqual({ artefact, found: false });
    }
  });

  it('prints every type of the executable schema but the federation ones exactly as the gateway has it, descriptions included', () => {
    const expected = [...ownTypes(executable).keys()].filter((name) => !FEDERATION_TYPES.test(name));
    expect([...ownTypes(client).keys()].sort()).toEqual(expected.sort());
    for (const name of expected.filter((name) => name !== 'Query')) {
      expect(printType(client.getType(name) as GraphQLNamedType)).toBe(printType(executable.getType(name) as GraphQLNamedType));
    }
  });

  it('has every Query field of the executable schema but the router\'s, in the same order and with the same arguments', () => {
    const fieldsOf = (schema: GraphQLSchema) => Object.values(schema.getQueryType()?.getFields() ?? {});
    const shown = (field: { name: string; description?: string | null; type: unknown; args: readonly { name: string; type: unknown }[] }) =>
      `${field.description}\n${field.name}(${field.args.map((arg) => `${arg.name}: ${String(arg.type)}`).join(', ')}): ${String(field.type)}`;
    expect(fieldsOf(client).map(shown)).toEqual(fieldsOf(executable).filter((field) => !ROUTER_FIELDS.includes(field.name)).map(shown));
    expect(client.getQueryType()?.description).toBe(executable.getQueryType()?.description);
    expect(client.getQueryType()?.description).toMatch(/^The entry points for reading/);
  });
});
