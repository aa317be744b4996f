/**
 * What a field's selection asks for, read before its children resolve: the child fields (merged over
 * fragments and aliases exactly as execution will merge them, `@skip`/`@include` applied) with their
 * argument values. graphql-js's own field collection does the merging, so the planner sees precisely
 * the fields that will execute. (`collectSubfields` is marked internal but has been stable across
 * graphql 16; the lockfile pins the version, and the lookahead tests would catch a change.)
 */
import { getArgumentValues, getNamedType, isObjectType, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import { collectSubfields } from 'graphql/execution/collectFields';

/** One child field of a selection, under its response name. */
export interface SelectedField {
  /** The schema field's name (not the alias). */
  name: string;
  /**
   * Its argument values, or undefined when they are invalid (execution will report that itself).
   * Read on demand: the planner needs the arguments of the few fields it plans, not of every scalar.
   */
  readonly args: Record<string, unknown> | undefined;
  /** Its own selection, for planning one level further down. */
  selection: Selection | undefined;
}

/** A selection set still to be read: the object type it applies to and the field nodes carrying it. */
export interface Selection {
  info: Pick<GraphQLResolveInfo, 'schema' | 'fragments' | 'variableValues'>;
  type: GraphQLObjectType;
  fieldNodes: readonly FieldNode[];
}

/** The selection of the field being resolved, when it returns an object type. */
export function selectionOf(info: GraphQLResolveInfo): Selection | undefined {
  const type = getNamedType(info.returnType);
  return isObjectType(type) ? { info, type, fieldNodes: info.fieldNodes } : undefined;
}

/** The child fields of a selection, one per response name, in document order. */
export function selectedFields(selection: Selection): SelectedField[] {
  const { info, type } = selection;
  const fields = collectSubfields(info.schema, info.fragments, info.variableValues, type, selection.fieldNodes);
  return [...fields.values()].map((nodes) => {
    const node = nodes[0] as FieldNode;
    const definition = type.getFields()[node.name.value];
    if (!definition) return { name: node.name.value, args: {}, selection: undefined };
    const childType = getNamedType(definition.type);
    let args: Record<string, unknown> | undefined | null = null;
    return {
      name: node.name.value,
      get args() {
        if (args === null) args = argumentsOf(definition, node, info.variableValues);
        return args;
      },
      selection: isObjectType(childType) ? { info, type: childType, fieldNodes: nodes } : undefined,
    };
  });
}

function argumentsOf(
  definition: Parameters<typeof getArgumentValues>[0],
  node: FieldNode,
  variables: GraphQLResolveInfo['variableValues'],
): Record<string, unknown> | undefined {
  try {
    return getArgumentValues(definition, node, variables);
  } catch {
    return undefined;
  }
}
