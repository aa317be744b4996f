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
 *   field with a list argument counts the length of that argument; any other list of objects counts
 *   the default page size.
 * - The lookups `node(id:)`, `nodes(ids:)` and `_entities(representations:)` count the upstream
 *   requests of the objects they name (./lookupCost.ts: a Sync 1, a SyncRecord its run's scan), plus
 *   the selections under them once per distinct object named (a router names one sync many times).
 * - The introspection fields `__schema` and `__type` cost 0 (graphql-js bounds their depth and they
 *   reach no upstream).
 * - A router's entity fetches merged into one request (`_entities` fields written at the root, see
 *   ./shape.ts) are judged as the separate requests they stand for: the estimate is the highest of each
 *   fetch's cost and the rest of the operation's. A lookup already counted by an earlier fetch counts
 *   nothing again (the request's loaders share it). The representation cap, the upstream request cap
 *   and the deadline still bound the request as a whole.
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
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { LookupCounter, lookupFieldNamed } from './lookupCost';
import { isEntityFetch } from './shape';

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

/** One estimate: the operation's fragments and variable values, the fragment costs computed so far, the lookups counted. */
class CostEstimator {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly rootFieldCost: number;
  // The cost of a fragment is linear in the multiplier above it, so each is computed once (per root flag).
  private readonly fragmentCosts = new Map<string, number>();
  private readonly inProgress = new Set<string>();
  private readonly lookups = new LookupCounter();
  /** The variables' values over their defaults, as JSON-like data (no prototype: a variable named `constructor` is only itself). */
  private readonly values: Record<string, unknown> = Object.create(null) as Record<string, unknown>;

  constructor(
    private readonly schema: GraphQLSchema,
    document: DocumentNode,
    private readonly operation: OperationDefinitionNode,
    variables: Readonly<Record<string, unknown>> | undefined,
    private readonly options: CostOptions,
  ) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(definition.name.value, definition);
    }
    for (const variable of operation.variableDefinitions ?? []) {
      if (variable.defaultValue) this.values[variable.variable.name.value] = valueFromASTUntyped(variable.defaultValue);
    }
    Object.assign(this.values, variables);
    this.rootFieldCost = operation.operation === 'mutation' ? MUTATION_FIELD_COST : 1;
  }

  /** The rest of the operation's cost, or an entity fetch's if one costs more: each is judged alone. */
  total(): number {
    const root = this.schema.getRootType(this.operation.operation) ?? undefined;
    const { selections } = this.operation.selectionSet;
    const fetches = selections.filter(isEntityFetch);
    const rest = selections.filter((selection) => !isEntityFetch(selection));
    const restCost = this.selectionCost({ kind: Kind.SELECTION_SET, selections: rest }, root, true);
    return fetches.reduce((worst, fetch) => Math.max(worst, this.fieldCost(fetch, root, true)), restCost);
  }

  /** An argument's value as JSON-like data, variables read from the request (undefined when absent). */
  private argument(field: FieldNode, name: string): unknown {
    const node = field.arguments?.find((candidate) => candidate.name.value === name);
    return node ? valueFromASTUntyped(node.value, this.values) : undefined;
  }

  /** A list argument's values as JSON-like data; a single value is a list of one, as input coercion makes it. */
  private listArgument(field: FieldNode, name: string): unknown[] {
    const value = this.argument(field, name);
    if (Array.isArray(value)) return value;
    return value === undefined || value === null ? [] : [value];
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
    return this.listArgument(field, listArgument.name).length;
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
    const below = field.selectionSet ? this.selectionCost(field.selectionSet, type, false) : 0;
    const lookup = parent === this.schema.getQueryType() ? lookupFieldNamed(field.name.value) : undefined;
    if (lookup) {
      const { requests, distinct } = this.lookups.weightOf(lookup, this.listArgument(field, lookup.argument));
      return requests + distinct * below;
    }
    const own = atRoot ? this.rootFieldCost : 1;
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
