/**
 * The public schema did not change when schema/ started leaving Relay's connection types, connection
 * arguments and `clientMutationId` fields to src/schema/relayConventions.ts: the subgraph SDL, without its
 * descriptions, is still the one recorded in the fixture (same types, fields, arguments and their order,
 * nullability, directives such as @key and @shareable). And whatever wrote a part, it is described, in the
 * executable schema and in schema.graphql, the client schema.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isSpecifiedScalarType, type GraphQLArgument, type GraphQLNamedType } from 'graphql';
import { serviceSdl } from '../../src/federation/sdl';
import { createSchema } from '../../src/schema';
import { CLIENT_SCHEMA_FILE } from '../../src/schema/clientSchema';
import { schemaShape } from '../support/schemaShape';

const FIXTURE = join(__dirname, '..', 'fixtures', 'schema-before-expansion.graphql');

// What @apollo/subgraph and the federation spec add (`_entities`, `_Any`, `link__Import`, ...) is theirs to describe.
const fromFederation = (name: string) => name.startsWith('_') || name.includes('__');

/** The coordinates (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`) of `type` that have no description. */
function undescribed(type: GraphQLNamedType): string[] {
  const missing = type.description ? [] : [type.name];
  if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
    for (const field of Object.values(type.getFields()).filter((field) => !fromFederation(field.name))) {
      if (!field.description) missing.push(`${type.name}.${field.name}`);
      const args: readonly GraphQLArgument[] = 'args' in field ? field.args : [];
      missing.push(...args.filter((arg) => !arg.description).map((arg) => `${type.name}.${field.name}(${arg.name}:)`));
    }
  }
  if (isEnumType(type)) missing.push(...type.getValues().filter((value) => !value.description).map((value) => `${type.name}.${value.name}`));
  return missing;
}

describe('the public schema', () => {
  it('has the shape recorded in test/fixtures/schema-before-expansion.graphql', () => {
    expect(schemaShape(serviceSdl())).toBe(schemaShape(readFileSync(FIXTURE, 'utf8')));
  });

  it('describes every type, field, argument and enum value that schema/ declares or the conventions add', () => {
    const types = Object.values(createSchema().getTypeMap()).filter((type) => !fromFederation(type.name) && !isSpecifiedScalarType(type));
    expect(types.length).toBeGreaterThan(20);
    expect(types.map((type) => type.name)).toEqual(expect.arrayContaining(['Query', 'Mutation']));
    expect(types.flatMap(undescribed)).toEqual([]);
  });

  it('describes every type, field, argument and enum value of schema.graphql, the file clients read, the roots included', () => {
    const client = buildSchema(readFileSync(join(__dirname, '..', '..', CLIENT_SCHEMA_FILE), 'utf8'));
    const types = Object.values(client.getTypeMap()).filter((type) => !type.name.startsWith('__') && !isSpecifiedScalarType(type));
    expect(types.map((type) => type.name)).toEqual(expect.arrayContaining(['Query', 'Mutation']));
    expect(types.flatMap(undescribed)).toEqual([]);
  });
});
