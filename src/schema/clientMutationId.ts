/**
 * The input object mutation convention (graphql-relay's mutationWithClientMutationId): every field of the
 * mutation root type whose only argument is `input: XInput!` gets `clientMutationId: String` added last to
 * XInput and first to its payload (the type the field returns), so a client can match answers to requests.
 */
import {
  Kind,
  parse,
  type DefinitionNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type InputObjectTypeDefinitionNode,
  type ObjectTypeDefinitionNode,
} from 'graphql';

const FIELD = 'clientMutationId';

const templates = parse(`
input Input {
  """
  Any string; returned unchanged in the payload so the client can match answers to requests.
  """
  ${FIELD}: String
}
type Payload {
  """
  The \`${FIELD}\` of the input, unchanged.
  """
  ${FIELD}: String
}`).definitions as [InputObjectTypeDefinitionNode, ObjectTypeDefinitionNode];
const INPUT_FIELD = templates[0].fields![0]!;
const PAYLOAD_FIELD = templates[1].fields![0]!;

/** The root mutation type's name: the schema definition's, or `Mutation`. */
function mutationRoot(document: DocumentNode): string {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    const mutation = definition.operationTypes?.find((operation) => operation.operation === 'mutation');
    if (mutation) return mutation.type.name.value;
  }
  return 'Mutation';
}

/** The input type and payload type of a mutation that follows the convention, or undefined. */
function inputAndPayload(root: string, field: FieldDefinitionNode): [string, string] | undefined {
  const [argument, ...others] = field.arguments ?? [];
  if (!argument || others.length > 0 || argument.name.value !== 'input') return undefined;
  if (argument.type.kind !== Kind.NON_NULL_TYPE || argument.type.type.kind !== Kind.NAMED_TYPE) return undefined;
  const payload = field.type.kind === Kind.NON_NULL_TYPE ? field.type.type : field.type;
  if (payload.kind !== Kind.NAMED_TYPE) throw new Error(`${root}.${field.name.value} takes an \`input\`, so it must return a payload object type, not a list.`);
  return [argument.type.type.name.value, payload.name.value];
}

/** The types that get the field: type name -> the mutation that uses it (for the error messages). */
interface Wanted {
  inputs: Map<string, string>;
  payloads: Map<string, string>;
}

/** `definition` with the convention's field, when it is one of the wanted input or payload types. */
function withField(definition: DefinitionNode, wanted: Wanted, done: Set<string>): DefinitionNode {
  const isInput = definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION;
  if (!isInput && definition.kind !== Kind.OBJECT_TYPE_DEFINITION) return definition;
  const name = definition.name.value;
  const usedBy = (isInput ? wanted.inputs : wanted.payloads).get(name);
  if (!usedBy) return definition;
  if (definition.fields?.some((field) => field.name.value === FIELD)) {
    throw new Error(`${name} (of ${usedBy}) declares \`${FIELD}\`: the input object mutation convention adds it; remove it from schema/.`);
  }
  done.add(name);
  // Last in the input, first in the payload: where schema/ had them before the convention wrote them.
  return isInput
    ? { ...definition, fields: [...(definition.fields ?? []), INPUT_FIELD] }
    : { ...definition, fields: [PAYLOAD_FIELD, ...(definition.fields ?? [])] };
}

function wantedBy(document: DocumentNode): Wanted {
  const root = mutationRoot(document);
  const wanted: Wanted = { inputs: new Map(), payloads: new Map() };
  for (const definition of document.definitions) {
    if ((definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) || definition.name.value !== root) continue;
    for (const field of definition.fields ?? []) {
      const types = inputAndPayload(root, field);
      if (!types) continue;
      wanted.inputs.set(types[0], `${root}.${field.name.value}`);
      wanted.payloads.set(types[1], `${root}.${field.name.value}`);
    }
  }
  return wanted;
}

/** `document` with the input object mutation convention applied. */
export function expandClientMutationIds(document: DocumentNode): DocumentNode {
  const wanted = wantedBy(document);
  const done = new Set<string>();
  const definitions = document.definitions.map((definition) => withField(definition, wanted, done));
  for (const [kind, types] of [['an input', wanted.inputs], ['an object', wanted.payloads]] as const) {
    const missing = [...types].find(([type]) => !done.has(type));
    if (missing) throw new Error(`${missing[1]} uses ${missing[0]}, which schema/ does not declare as ${kind} type.`);
  }
  return { ...document, definitions };
}
