/**
 * The public shape of an SDL, for comparing two versions of a schema: descriptions are dropped, each type's
 * definition and extensions are merged into one definition, and the definitions are sorted by name. The order
 * inside a type (fields, arguments, enum values, directives) is kept, so a reordered argument list still shows.
 */
import { Kind, parse, print, visit, type ASTNode, type DefinitionNode, type DocumentNode } from 'graphql';

// A definition as a plain record, so that the lists of a type and of its extensions can be joined.
type AnyDefinition = Record<string, unknown>;

// An extension becomes the definition it extends, so `type Query` + `extend type Query` compare as one type.
const DEFINITION_OF: Partial<Record<Kind, Kind>> = {
  [Kind.SCHEMA_EXTENSION]: Kind.SCHEMA_DEFINITION,
  [Kind.SCALAR_TYPE_EXTENSION]: Kind.SCALAR_TYPE_DEFINITION,
  [Kind.OBJECT_TYPE_EXTENSION]: Kind.OBJECT_TYPE_DEFINITION,
  [Kind.INTERFACE_TYPE_EXTENSION]: Kind.INTERFACE_TYPE_DEFINITION,
  [Kind.UNION_TYPE_EXTENSION]: Kind.UNION_TYPE_DEFINITION,
  [Kind.ENUM_TYPE_EXTENSION]: Kind.ENUM_TYPE_DEFINITION,
  [Kind.INPUT_OBJECT_TYPE_EXTENSION]: Kind.INPUT_OBJECT_TYPE_DEFINITION,
};
const LISTS = ['operationTypes', 'interfaces', 'directives', 'fields', 'values', 'types'] as const;

function withoutDescriptions(document: DocumentNode): DocumentNode {
  return visit(document, {
    enter(node: ASTNode) {
      return 'description' in node && node.description ? { ...node, description: undefined } : undefined;
    },
  });
}

function keyOf(definition: DefinitionNode): string {
  const name = 'name' in definition && definition.name ? definition.name.value : '';
  return definition.kind === Kind.DIRECTIVE_DEFINITION ? `@${name}` : name;
}

function merged(document: DocumentNode): AnyDefinition[] {
  const byKey = new Map<string, AnyDefinition>();
  for (const definition of document.definitions) {
    const key = keyOf(definition);
    const kind = DEFINITION_OF[definition.kind] ?? definition.kind;
    const existing = byKey.get(key);
    if (!existing) {
      byKey.set(key, { ...definition, kind });
      continue;
    }
    for (const list of LISTS) {
      const more = (definition as unknown as AnyDefinition)[list] as readonly unknown[] | undefined;
      if (more) existing[list] = [...((existing[list] as readonly unknown[] | undefined) ?? []), ...more];
    }
  }
  return [...byKey.values()];
}

/** The shape of `sdl` as printed SDL: what a client or a supergraph can see, without the prose. */
export function schemaShape(sdl: string): string {
  const definitions = merged(withoutDescriptions(parse(sdl, { noLocation: true })));
  const sorted = (definitions as unknown as DefinitionNode[]).sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
  return `${print({ kind: Kind.DOCUMENT, definitions: sorted })}\n`;
}
