/**
 * The estimated cost of an operation: how many objects it could make the gateway fetch, computed from
 * the document and the request's variable values before anything executes.
 *
 * - Every field that returns an object (or an interface, a union, a list of them) costs 1; scalars,
 *   enums and `__typename` cost 0; a mutation's root field costs 10.
 * - The selections under a connection field (one with `first`/`last` arguments) count `first` or
 *   `last` times (the larger when both are given), whether written as a literal or passed in a
 *   variable; without either they count the default page size.
 * - The lists of a connection (`edges`, `nodes`) are already counted by their connection. A list
 *   field with a list argument (`nodes(ids:)`, `_entities(representations:)`) counts the length of
 *   that argument; any other list of objects counts the default page size.
 * - The introspection fields `__schema` and `__type` cost 0 (graphql-js bounds their depth and they
 *   reach no upstream).
 *
 * So `syncs(first: 10) { nodes { runs(first: 3) { nodes { id } } } }` costs 1 + 10 + 10 + 30 = 51.
 */
import {
  Kind,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

export const MUTATION_FIELD_COST = 10;
const FREE_FIELDS = new Set(['__schema', '__type', '__typename']);

export interface CostOptions {
  /** Page size of a connection that gets neither `first` nor `last`; also the assumed size of other lists. */
  defaultPageSize: number;
}

export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
  options: CostOptions,
): number {
  return new CostEstimator(schema, document, operation, variables, options).total();
}

/** One estimate: the operation's fragments and variable defaults, and the fragment costs computed so far. */
class CostEstimator {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly defaults = new Map<string, ValueNode>();
  private readonly rootFieldCost: number;
  // The cost of a fragment is linear in the multiplier above it, so each is computed once (per root flag).
  private readonly fragmentCosts = new Map<string, number>();
  private readonly inProgress = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    document: DocumentNode,
    private readonly operation: OperationDefinitionNode,
    private readonly variables: Readonly<Record<string, unknown>> | undefined,
    private readonly options: CostOptions,
  ) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(definition.name.value, definition);
    }
    for (const variable of operation.variableDefinitions ?? []) {
      if (variable.defaultValue) this.defaults.set(variable.variable.name.value, variable.defaultValue);
    }
    this.rootFieldCost = operation.operation === 'mutation' ? MUTATION_FIELD_COST : 1;
  }

  total(): number {
    return this.selectionCost(this.operation.selectionSet, this.schema.getRootType(this.operation.operation) ?? undefined, true);
  }

  /** The value of a variable or literal argument, as JSON-like data (undefined when absent). */
  private valueOf(node: ValueNode): unknown {
    if (node.kind === Kind.VARIABLE) {
      const name = node.name.value;
      if (this.variables && Object.hasOwn(this.variables, name)) return this.variables[name];
      const fallback = this.defaults.get(name);
      return fallback ? this.valueOf(fallback) : undefined;
    }
    if (node.kind === Kind.INT || node.kind === Kind.FLOAT) return Number(node.value);
    if (node.kind === Kind.LIST) return node.values;
    if (node.kind === Kind.NULL) return null;
    return node;
  }

  private argument(field: FieldNode, name: string): unknown {
    const node = field.arguments?.find((candidate) => candidate.name.value === name);
    return node ? this.valueOf(node.value) : undefined;
  }

  private pageSize(field: FieldNode): number {
    const sizes = ['first', 'last']
      .map((name) => this.argument(field, name))
      .filter((value): value is number => typeof value === 'number' && !Number.isNaN(value))
      .map((value) => Math.max(0, Math.ceil(value)));
    return sizes.length > 0 ? Math.max(...sizes) : this.options.defaultPageSize;
  }

  /** How many times the selections under `field` count. */
  private multiplier(field: FieldNode, definition: GraphQLField<unknown, unknown>, parent: GraphQLNamedType): number {
    if (definition.args.some((arg) => arg.name === 'first' || arg.name === 'last')) return this.pageSize(field);
    if (!isListType(getNullableType(definition.type))) return 1;
    if ((isObjectType(parent) || isInterfaceType(parent)) && parent.getFields().pageInfo) return 1;
    const listArgument = definition.args.find((arg) => isListType(getNullableType(arg.type)));
    if (!listArgument) return this.options.defaultPageSize;
    const value = this.argument(field, listArgument.name);
    if (Array.isArray(value)) return value.length;
    return value === undefined || value === null ? 0 : 1;
  }

  private selectionCost(set: SelectionSetNode, parent: GraphQLNamedType | undefined, atRoot: boolean): number {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        total += this.fieldCost(selection, parent, atRoot);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? this.schema.getType(selection.typeCondition.name.value) : parent;
        total += this.selectionCost(selection.selectionSet, type, atRoot);
      } else {
        total += this.fragmentCost(selection.name.value, atRoot);
      }
    }
    return total;
  }

  private fieldCost(field: FieldNode, parent: GraphQLNamedType | undefined, atRoot: boolean): number {
    if (FREE_FIELDS.has(field.name.value) || !parent || !(isObjectType(parent) || isInterfaceType(parent))) return 0;
    const definition = parent.getFields()[field.name.value];
    if (!definition) return 0;
    const type = getNamedType(definition.type);
    if (!isCompositeType(type)) return 0;
    const own = atRoot ? this.rootFieldCost : 1;
    const below = field.selectionSet ? this.selectionCost(field.selectionSet, type, false) : 0;
    return own + (below === 0 ? 0 : this.multiplier(field, definition, parent) * below);
  }

  private fragmentCost(name: string, atRoot: boolean): number {
    const key = `${atRoot ? 'root' : 'inner'}:${name}`;
    const known = this.fragmentCosts.get(key);
    if (known !== undefined) return known;
    const fragment = this.fragments.get(name);
    if (!fragment || this.inProgress.has(key)) return 0;
    this.inProgress.add(key);
    const cost = this.selectionCost(fragment.selectionSet, this.schema.getType(fragment.typeCondition.name.value), atRoot);
    this.inProgress.delete(key);
    this.fragmentCosts.set(key, cost);
    return cost;
  }
}
