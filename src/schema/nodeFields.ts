/**
 * The node identity convention: an object type that implements `Node` gets, as its first fields, Relay's
 * global `id: ID!` (Global Object Identification) and `databaseId: Int!`, its id in the AI Squared API (the
 * pair GitHub's GraphQL API also puts on every node). A type that writes one of them keeps its own.
 */
import { Kind, parse, type DocumentNode, type FieldDefinitionNode, type ObjectTypeDefinitionNode } from 'graphql';
import { wordingOf } from './wording';

/** The two fields, described for a `typeName` node. */
function nodeFields(typeName: string): readonly FieldDefinitionNode[] {
  const { one } = wordingOf(typeName);
  const holder = parse(`
type ${typeName} {
  """
  Opaque global id of the ${one}.
  """
  id: ID!
  """
  The ${one}'s id in the AI Squared API.
  """
  databaseId: Int!
}`).definitions[0] as ObjectTypeDefinitionNode;
  return holder.fields ?? [];
}

function withNodeFields(definition: ObjectTypeDefinitionNode): ObjectTypeDefinitionNode {
  const fields = definition.fields ?? [];
  const written = new Set(fields.map((field) => field.name.value));
  const missing = nodeFields(definition.name.value).filter((field) => !written.has(field.name.value));
  return missing.length === 0 ? definition : { ...definition, fields: [...missing, ...fields] };
}

const implementsNode = (definition: ObjectTypeDefinitionNode) => definition.interfaces?.some((name) => name.name.value === 'Node') ?? false;

/** `document` with the node identity convention applied. */
export function expandNodeFields(document: DocumentNode): DocumentNode {
  const definitions = document.definitions.map((definition) =>
    definition.kind === Kind.OBJECT_TYPE_DEFINITION && implementsNode(definition) ? withNodeFields(definition) : definition,
  );
  return { ...document, definitions };
}
