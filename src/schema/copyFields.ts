/**
 * `@copyFields(from: "OtherInput")` on an input type of schema/: the type gets the fields of OtherInput
 * (descriptions included) before its own, and the directive is removed. It lets mutation inputs that name
 * their object the same way (each mutation has its own input type, as Relay wants) write those fields once.
 * The directive exists only in schema/: nothing downstream of this step sees it.
 */
import { Kind, type ConstDirectiveNode, type DefinitionNode, type DocumentNode, type InputObjectTypeDefinitionNode } from 'graphql';

const DIRECTIVE = 'copyFields';

/** The `from` of a `@copyFields` directive, checked. */
function sourceName(target: string, directive: ConstDirectiveNode): string {
  const from = directive.arguments?.find((argument) => argument.name.value === 'from')?.value;
  if (directive.arguments?.length !== 1 || from?.kind !== Kind.STRING) {
    throw new Error(`${target}: @${DIRECTIVE} takes one argument, \`from\`, the name of an input type as a string.`);
  }
  return from.value;
}

/** The input type `definition`'s `@copyFields` names, checked; undefined when it copies nothing. */
function sourceOf(definition: InputObjectTypeDefinitionNode, inputs: Map<string, InputObjectTypeDefinitionNode>): InputObjectTypeDefinitionNode | undefined {
  const target = definition.name.value;
  const copies = definition.directives?.filter((directive) => directive.name.value === DIRECTIVE) ?? [];
  if (copies.length === 0) return undefined;
  if (copies.length > 1) throw new Error(`${target}: @${DIRECTIVE} may be used once per type.`);
  const name = sourceName(target, copies[0]!);
  const source = inputs.get(name);
  if (!source) throw new Error(`${target}: @${DIRECTIVE} copies from ${name}, which is not an input type of schema/.`);
  if (source.directives?.some((directive) => directive.name.value === DIRECTIVE)) {
    throw new Error(`${target}: @${DIRECTIVE} copies from ${name}, which copies its fields too: copy from the type that writes them.`);
  }
  return source;
}

function withCopiedFields(definition: InputObjectTypeDefinitionNode, inputs: Map<string, InputObjectTypeDefinitionNode>): InputObjectTypeDefinitionNode {
  const source = sourceOf(definition, inputs);
  if (!source) return definition;
  const target = definition.name.value;
  const own = definition.fields ?? [];
  const clash = own.find((field) => source.fields?.some((copied) => copied.name.value === field.name.value));
  if (clash) throw new Error(`${target}: its field \`${clash.name.value}\` is also copied from ${source.name.value}.`);
  return {
    ...definition,
    directives: definition.directives?.filter((directive) => directive.name.value !== DIRECTIVE),
    fields: [...(source.fields ?? []), ...own],
  };
}

/** `document` with every `@copyFields` applied. */
export function expandCopiedFields(document: DocumentNode): DocumentNode {
  const isInput = (definition: DefinitionNode): definition is InputObjectTypeDefinitionNode => definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION;
  const inputs = new Map(document.definitions.filter(isInput).map((definition) => [definition.name.value, definition]));
  return { ...document, definitions: document.definitions.map((definition) => (isInput(definition) ? withCopiedFields(definition, inputs) : definition)) };
}
