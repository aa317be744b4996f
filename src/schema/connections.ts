/**
 * The connection convention: a field of an object or interface type whose type is `XConnection` (or
 * `XConnection!`), where schema/ does not declare `XConnection` and X is an object type, gets the four Relay
 * arguments after its own, and `XConnection` and `XEdge` are generated right after X's definition. An
 * `XConnection` written by hand is left alone, with the fields that return it.
 */
import {
  isTypeDefinitionNode,
  Kind,
  type DefinitionNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type InterfaceTypeDefinitionNode,
  type InterfaceTypeExtensionNode,
  type ObjectTypeDefinitionNode,
  type ObjectTypeExtensionNode,
  type TypeNode,
} from 'graphql';
import { connectionArguments, connectionTypes } from './connectionSdl';

/** A definition or extension that has output fields. */
type TypeWithFields = ObjectTypeDefinitionNode | ObjectTypeExtensionNode | InterfaceTypeDefinitionNode | InterfaceTypeExtensionNode;

const SUFFIX = 'Connection';
const RELAY_ARGUMENTS = ['first', 'after', 'last', 'before'];

/** The name of the type a field returns, when it is a named type or a non-null named type. */
function returnedName(type: TypeNode): string | undefined {
  const inner = type.kind === Kind.NON_NULL_TYPE ? type.type : type;
  return inner.kind === Kind.NAMED_TYPE ? inner.name.value : undefined;
}

interface Context {
  declared: Set<string>;
  objectTypes: Set<string>;
  /** Node types whose connection is generated, in the order their fields were met. */
  nodes: Set<string>;
}

/** The node type X of a field returning an undeclared `XConnection`, or undefined when the convention does not apply. */
function nodeOf(owner: string, field: FieldDefinitionNode, context: Context): string | undefined {
  const name = returnedName(field.type);
  if (!name || !name.endsWith(SUFFIX) || name === SUFFIX || context.declared.has(name)) return undefined;
  const node = name.slice(0, -SUFFIX.length);
  const where = `${owner}.${field.name.value} returns ${name}, which schema/ does not declare`;
  if (!context.objectTypes.has(node)) {
    throw new Error(`${where}, so it is taken for a Relay connection of ${node}; but schema/ declares no object type ${node}.`);
  }
  const clash = field.arguments?.find((argument) => RELAY_ARGUMENTS.includes(argument.name.value));
  if (clash) throw new Error(`${where}: the connection convention adds \`${clash.name.value}\` itself; remove it from the field.`);
  if (context.declared.has(`${node}Edge`)) throw new Error(`${where}, but declares ${node}Edge: declare both by hand, or neither.`);
  return node;
}

function withConnectionArguments(definition: TypeWithFields, context: Context): TypeWithFields {
  const fields = definition.fields?.map((field) => {
    const node = nodeOf(definition.name.value, field, context);
    if (!node) return field;
    context.nodes.add(node);
    return { ...field, arguments: [...(field.arguments ?? []), ...connectionArguments(node)] };
  });
  return { ...definition, fields };
}

const hasFields = (definition: DefinitionNode): definition is TypeWithFields =>
  definition.kind === Kind.OBJECT_TYPE_DEFINITION ||
  definition.kind === Kind.OBJECT_TYPE_EXTENSION ||
  definition.kind === Kind.INTERFACE_TYPE_DEFINITION ||
  definition.kind === Kind.INTERFACE_TYPE_EXTENSION;

/** `document` with the connection convention applied. */
export function expandConnections(document: DocumentNode): DocumentNode {
  const objectTypes = new Set(
    document.definitions.filter((definition) => definition.kind === Kind.OBJECT_TYPE_DEFINITION).map((definition) => definition.name.value),
  );
  const declared = new Set(document.definitions.filter(isTypeDefinitionNode).map((definition) => definition.name.value));
  const context: Context = { declared, objectTypes, nodes: new Set() };
  const withArguments = document.definitions.map((definition) => (hasFields(definition) ? withConnectionArguments(definition, context) : definition));
  // Each generated pair stands right after its node type, where a reader of the printed SDL looks for it.
  const definitions = withArguments.flatMap((definition) =>
    definition.kind === Kind.OBJECT_TYPE_DEFINITION && context.nodes.has(definition.name.value)
      ? [definition, ...connectionTypes(definition.name.value)]
      : [definition],
  );
  return { ...document, definitions };
}
