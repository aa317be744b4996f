/**
 * The shape of one operation, measured with every fragment expanded where it is spread: how deep it
 * nests, how many aliases, root fields and directives it holds. Each fragment is measured once (so a
 * fragment spread many times costs no extra work, and fragment fan-out cannot blow up the measurement),
 * and a fragment cycle counts as empty (graphql-js reports the cycle itself).
 *
 * What counts is the field name, never a name chosen by the client: a fragment, an operation or an
 * alias called `__schema` is measured like any other. Only the real introspection fields `__schema`
 * and `__type` are measured as one level, because graphql-js's MaxIntrospectionDepthRule bounds what
 * lies below them and no upstream call can be reached from there.
 *
 * An `_entities` field written directly in the operation's root selection set is a federation router's
 * entity fetch. Hive Gateway merges parallel fetches to one subgraph into one request of aliased
 * `_entities` fields, where @apollo/gateway sends one request each; so each fetch is measured as the
 * operation it would be on its own (its alias, the router's name for it, not counted), the rest of the
 * operation as one more, and the shape is the worst of them. How many fetches one operation may hold is
 * bounded apart (`entityFetches`). An `_entities` inside a fragment is measured like any other field.
 */
import { Kind, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionNode, type SelectionSetNode } from 'graphql';

export interface OperationShape {
  /** Deepest field nesting; a root field is at depth 1. */
  depth: number;
  /** Fields selected under an alias (`a: syncs`). */
  aliases: number;
  /** Fields of the operation's root selection, every aliased or repeated use counted. */
  rootFields: number;
  /** Directive uses (`@include`, `@skip`, ...), on the operation, its variables, fields and fragments. */
  directives: number;
  /**
   * The most times one response name is selected in one selection set (inline fragments flattened,
   * each distinct named fragment counted once). graphql-js's OverlappingFieldsCanBeMerged rule compares
   * every pair of same-named fields, so this bounds its quadratic work.
   */
  repeats: number;
  /** `_entities` fields written directly at the root: the entity fetches a router merged. */
  entityFetches: number;
}

interface SetShape {
  depth: number;
  aliases: number;
  /** Fields at the top level of this selection set (fragments spread at this level included). */
  fields: number;
  directives: number;
  repeats: number;
  /** How often each response name is selected at the top level of this set. */
  names: ReadonlyMap<string, number>;
}

const EMPTY: SetShape = { depth: 0, aliases: 0, fields: 0, directives: 0, repeats: 0, names: new Map() };
const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);
const ENTITIES_FIELD = '_entities';

/** A root selection that is a router's entity fetch (`_entities` written directly at the root). */
export function isEntityFetch(selection: SelectionNode): selection is FieldNode {
  return selection.kind === Kind.FIELD && selection.name.value === ENTITIES_FIELD;
}

export function measureOperation(
  operation: OperationDefinitionNode,
  getFragment: (name: string) => FragmentDefinitionNode | null | undefined,
): OperationShape {
  const measurer = new SetMeasurer(getFragment);
  const selections = operation.selectionSet.selections;
  const fetches = selections.filter(isEntityFetch);
  const root = measurer.measureSet({ kind: Kind.SELECTION_SET, selections: selections.filter((selection) => !isEntityFetch(selection)) });
  const variableDirectives = (operation.variableDefinitions ?? []).reduce((sum, variable) => sum + (variable.directives?.length ?? 0), 0);
  const shape: OperationShape = {
    depth: root.depth,
    aliases: root.aliases,
    rootFields: root.fields,
    directives: root.directives + (operation.directives?.length ?? 0) + variableDirectives,
    repeats: root.repeats,
    entityFetches: fetches.length,
  };
  return withEntityFetches(shape, root.names, fetches, (fetch) => measurer.measureSet({ kind: Kind.SELECTION_SET, selections: [fetch] }));
}

/** Measures selection sets of one document; each fragment is measured once, and a cycle measures empty. */
class SetMeasurer {
  private readonly measured = new Map<string, SetShape>();
  private readonly inProgress = new Set<string>();

  constructor(private readonly getFragment: (name: string) => FragmentDefinitionNode | null | undefined) {}

  measureSet(set: SelectionSetNode): SetShape {
    const total = { depth: 0, aliases: 0, fields: 0, directives: 0, repeats: 0, names: new Map<string, number>() };
    const count = (name: string, times: number) => countName(total.names, name, times);
    let spread: Set<string> | undefined;
    for (const selection of set.selections) {
      total.directives += selection.directives?.length ?? 0;
      let inner: SetShape;
      if (selection.kind === Kind.FIELD) {
        count((selection.alias ?? selection.name).value, 1);
        total.fields += 1;
        if (selection.alias) total.aliases += 1;
        if (!selection.selectionSet || INTROSPECTION_FIELDS.has(selection.name.value)) {
          total.depth = Math.max(total.depth, 1);
          continue;
        }
        const below = this.measureSet(selection.selectionSet);
        total.depth = Math.max(total.depth, 1 + below.depth);
        total.aliases += below.aliases;
        total.directives += below.directives;
        total.repeats = Math.max(total.repeats, below.repeats);
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = this.measureSet(selection.selectionSet);
        for (const [name, times] of inner.names) count(name, times);
      } else {
        inner = this.measureFragment(selection.name.value);
        // graphql-js compares the fields of a fragment spread twice in one set only once.
        spread ??= new Set();
        if (!spread.has(selection.name.value)) for (const [name, times] of inner.names) count(name, times);
        spread.add(selection.name.value);
      }
      total.depth = Math.max(total.depth, inner.depth);
      total.aliases += inner.aliases;
      total.fields += inner.fields;
      total.directives += inner.directives;
      total.repeats = Math.max(total.repeats, inner.repeats);
    }
    for (const times of total.names.values()) total.repeats = Math.max(total.repeats, times);
    return total;
  }

  private measureFragment(name: string): SetShape {
    const known = this.measured.get(name);
    if (known) return known;
    const fragment = this.getFragment(name);
    if (!fragment || this.inProgress.has(name)) return EMPTY;
    this.inProgress.add(name);
    const inner = this.measureSet(fragment.selectionSet);
    this.inProgress.delete(name);
    const shape = { ...inner, directives: inner.directives + (fragment.directives?.length ?? 0) };
    this.measured.set(name, shape);
    return shape;
  }
}

/** The operation's shape made the worst of its own and each entity fetch's, measured alone. */
function withEntityFetches(shape: OperationShape, rootNames: ReadonlyMap<string, number>, fetches: FieldNode[], measureAlone: (fetch: FieldNode) => SetShape): OperationShape {
  const names = new Map(rootNames);
  for (const fetch of fetches) {
    countName(names, (fetch.alias ?? fetch.name).value, 1);
    const alone = measureAlone(fetch);
    shape.depth = Math.max(shape.depth, alone.depth);
    shape.aliases = Math.max(shape.aliases, alone.aliases - (fetch.alias ? 1 : 0));
    shape.directives = Math.max(shape.directives, alone.directives);
    shape.repeats = Math.max(shape.repeats, alone.repeats);
  }
  // graphql-js compares every pair of root fields with one response name, fetches included.
  for (const times of names.values()) shape.repeats = Math.max(shape.repeats, times);
  return shape;
}

function countName(names: Map<string, number>, name: string, times: number): void {
  names.set(name, (names.get(name) ?? 0) + times);
}

/**
 * The operation's root fields, fragments spread at the root expanded (each fragment counted once and
 * multiplied by its spreads), without looking below the root: a cheap first check, so that a document
 * of a thousand root fields is refused before the rest of it is measured. Entity fetches (`_entities`
 * written directly at the root) are not root fields.
 */
export function countRootFields(operation: OperationDefinitionNode, getFragment: (name: string) => FragmentDefinitionNode | null | undefined): number {
  const counted = new Map<string, number>();
  const countSet = (set: SelectionSetNode, inProgress: Set<string>): number => {
    let fields = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) fields += 1;
      else if (selection.kind === Kind.INLINE_FRAGMENT) fields += countSet(selection.selectionSet, inProgress);
      else fields += countFragment(selection.name.value, inProgress);
    }
    return fields;
  };
  const countFragment = (name: string, inProgress: Set<string>): number => {
    const known = counted.get(name);
    if (known !== undefined) return known;
    const fragment = getFragment(name);
    if (!fragment || inProgress.has(name)) return 0;
    inProgress.add(name);
    const fields = countSet(fragment.selectionSet, inProgress);
    inProgress.delete(name);
    counted.set(name, fields);
    return fields;
  };
  const selections = operation.selectionSet.selections.filter((selection) => !isEntityFetch(selection));
  return countSet({ kind: Kind.SELECTION_SET, selections }, new Set());
}
