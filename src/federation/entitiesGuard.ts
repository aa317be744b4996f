/**
 * Wraps @apollo/subgraph's `Query._entities` resolver so that, before any representation is resolved
 * (and so before any upstream request):
 *  - the number of representations the whole request asks for, over every `_entities` field of the
 *    operation, is at most the configured cap (MAX_ENTITY_REPRESENTATIONS);
 *  - every representation is a valid reference to one of this subgraph's entities.
 * Either failure is one BAD_USER_INPUT error for the field; nothing of it reaches a loader.
 */
import {
  getArgumentValues,
  Kind,
  type FieldNode,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import { ErrorCode, gatewayError } from '../errors';
import { parseRepresentation } from './representations';

export const DEFAULT_MAX_ENTITY_REPRESENTATIONS = 100;

/** Per request (context object): how many representations its operation asks for in total. */
const requestedPerContext = new WeakMap<object, number>();

export function guardEntitiesResolver(
  resolve: GraphQLFieldResolver<unknown, unknown>,
  maxRepresentations: number = DEFAULT_MAX_ENTITY_REPRESENTATIONS,
): GraphQLFieldResolver<unknown, unknown> {
  return (source, args, context, info) => {
    const representations: unknown = (args as { representations?: unknown }).representations;
    if (!Array.isArray(representations)) {
      throw gatewayError(ErrorCode.BAD_USER_INPUT, 'Argument "representations" must be a list.');
    }
    const total = requestedRepresentations(context, info, representations.length);
    if (total > maxRepresentations) {
      throw gatewayError(
        ErrorCode.BAD_USER_INPUT,
        `A request may ask for at most ${maxRepresentations} entity representations, this one asks for ${total}.`,
      );
    }
    representations.forEach((representation, index) => parseRepresentation(representation, `representations[${index}]`));
    return resolve(source, args, context, info);
  };
}

/**
 * Total representations over every `_entities` field of the operation (aliases, fragments), counted
 * once per request, so that a second alias cannot slip past the cap after the first one's loads left.
 */
function requestedRepresentations(context: unknown, info: GraphQLResolveInfo, own: number): number {
  if (typeof context !== 'object' || context === null) return own;
  let total = requestedPerContext.get(context);
  if (total === undefined) {
    total = countInOperation(info);
    requestedPerContext.set(context, total);
  }
  return Math.max(total, own);
}

function countInOperation(info: GraphQLResolveInfo): number {
  const field = info.parentType.getFields()[info.fieldName] as GraphQLField<unknown, unknown> | undefined;
  if (!field) return 0;
  let total = 0;
  const visitedFragments = new Set<string>();
  const walk = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === info.fieldName) total += countOf(field, selection, info);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else {
        const name = selection.name.value;
        const fragment = info.fragments[name];
        if (fragment && !visitedFragments.has(name)) {
          visitedFragments.add(name);
          walk(fragment.selectionSet);
        }
      }
    }
  };
  walk(info.operation.selectionSet);
  return total;
}

function countOf(field: GraphQLField<unknown, unknown>, node: FieldNode, info: GraphQLResolveInfo): number {
  try {
    const { representations } = getArgumentValues(field, node, info.variableValues) as { representations?: unknown };
    return Array.isArray(representations) ? representations.length : 0;
  } catch {
    return 0; // graphql-js reports the invalid argument on that field itself
  }
}
