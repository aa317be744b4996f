/**
 * The resource registry (src/resources) is what global ids, `node`, `Node.__resolveType` and the
 * federation entities are derived from: these tests hold each module to the schema it serves.
 */
import { isObjectType, Kind, type ConstDirectiveNode, type GraphQLObjectType } from 'graphql';
import { decodeGlobalId, encodeGlobalId } from '../../src/globalId';
import { ENTITY_RESOURCES, RESOURCES, resourceNamed, type ResourceRefInput } from '../../src/resources';
import { createSchema } from '../../src/schema';

const schema = createSchema();

/** The `fields` argument of each `@key` on a type, as sets of field names. */
function federationKeys(type: GraphQLObjectType): string[][] {
  const directives: readonly ConstDirectiveNode[] = [type.astNode, ...(type.extensionASTNodes ?? [])].flatMap((node) => node?.directives ?? []);
  return directives
    .filter((directive) => directive.name.value === 'key')
    .map((directive) => {
      const fields = directive.arguments?.find((argument) => argument.name.value === 'fields')?.value;
      return fields?.kind === Kind.STRING ? fields.value.split(/\s+/).sort() : [];
    });
}

describe('every registered resource', () => {
  it.each(RESOURCES.map((resource) => [resource.typeName, resource] as const))('%s is an object type implementing Node', (typeName) => {
    const type = schema.getType(typeName);
    expect(isObjectType(type) && type.getInterfaces().map((i) => i.name)).toEqual(['Node']);
  });

  it('covers every type implementing Node', () => {
    const nodeTypes = schema.getPossibleTypes(schema.getType('Node') as never).map((type) => type.name);
    expect(nodeTypes.sort()).toEqual(RESOURCES.map((resource) => resource.typeName).sort());
  });

  it.each(RESOURCES.map((resource) => [resource.typeName, resource] as const))('%s: a global id round-trips through its key fields, in order', (typeName, resource) => {
    const ref = { type: typeName, ...Object.fromEntries(resource.keyFields.map((field, index) => [field, 11 * (index + 1)])) } as ResourceRefInput;
    const id = encodeGlobalId(ref);
    expect(Buffer.from(id, 'base64url').toString('utf8')).toBe([typeName, ...resource.keyFields.map((_, index) => 11 * (index + 1))].join(':'));
    expect(decodeGlobalId(id)).toEqual(ref);
    // The key's cache path names every key field's value, so two objects never share a cache entry.
    const path = resource.pathOf(Object.fromEntries(resource.keyFields.map((field, index) => [field, 11 * (index + 1)])) as never);
    resource.keyFields.forEach((_, index) => expect(path).toContain(`/${11 * (index + 1)}`));
  });

  it('is found by its type name, and nothing else is', () => {
    for (const resource of RESOURCES) expect(resourceNamed(resource.typeName)).toBe(resource);
    expect(resourceNamed('Query')).toBeUndefined();
    expect(resourceNamed('toString')).toBeUndefined();
  });
});

describe('federation entities', () => {
  it('are exactly the resources with entityKeys, and their keys match the SDL @key directives', () => {
    const fromSchema = Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .filter((type) => federationKeys(type).length > 0)
      .map((type) => ({ typeName: type.name, keys: federationKeys(type).sort() }));
    const fromModules = ENTITY_RESOURCES.map((resource) => ({
      typeName: resource.typeName,
      keys: [['id'], ...(resource.entityKeys ?? []).map((key) => Object.keys(key).sort())].sort(),
    }));
    expect(fromModules.sort((a, b) => a.typeName.localeCompare(b.typeName))).toEqual(fromSchema.sort((a, b) => a.typeName.localeCompare(b.typeName)));
  });

  it('map each @key field onto a key field of the resource', () => {
    for (const resource of ENTITY_RESOURCES) {
      for (const key of resource.entityKeys ?? []) expect(Object.values(key).sort()).toEqual([...resource.keyFields].sort());
    }
  });
});
