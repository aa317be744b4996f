/**
 * Wraps @apollo/subgraph's `Query._entities` resolver so that, before any representation is resolved
 * (and so before any upstream request):
 *  - every representation is checked to be a valid reference to one of this subgraph's entities; an
 *    invalid one fails only its own item (null, and a BAD_USER_INPUT error whose path names the item),
 *    as the federation spec allows: `_entities` returns `[_Entity]!`, a list of nullable items;
 *  - the distinct representations the whole request asks for, over every `_entities` field of the
 *    operation, are at most the configured cap (MAX_ENTITY_REPRESENTATIONS); over it, the field fails
 *    whole with BAD_USER_INPUT.
 * Equal representations count once: a router sends one per reference, so three fields over the same 36
 * syncs arrive as 108 representations, and the loaders fetch each object once whatever its count. Each
 * invalid representation counts on its own, so a list of junk cannot grow the errors past the cap.
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
import { encodeGlobalId, type GlobalRef } from '../globalId';
import { tagRefusal } from '../limits/refusal';
import { parseRepresentation } from './representations';

export const DEFAULT_MAX_ENTITY_REPRESENTATIONS = 100;

/** Per request (context object): how many distinct representations its operation asks for in total. */
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
    const parsed = representations.map(parseOrError);
    const total = requestedRepresentations(context, info, parsed);
    if (total > maxRepresentations) {
      const refusal = gatewayError(
        ErrorCode.BAD_USER_INPUT,
        `A request may ask for at most ${maxRepresentations} distinct entity representations, this one asks for ${total}.`,
      );
      throw tagRefusal(refusal, 'representations');
    }
    if (!parsed.some((item) => item instanceof Error)) return resolve(source, args, context, info);
    const valid = representations.filter((_, index) => !(parsed[index] instanceof Error));
    return withErrorsInPlace(resolve(source, { ...args, representations: valid }, context, info), parsed);
  };
}

function parseOrError(representation: unknown, index: number): GlobalRef | Error {
  try {
    return parseRepresentation(representation, `representations[${index}]`);
  } catch (error) {
    return error instanceof Error ? error : gatewayError(ErrorCode.BAD_USER_INPUT, `Argument "representations[${index}]" is invalid.`);
  }
}

/**
 * The resolved items of the valid representations, with each invalid one's error put back in its own
 * slot: graphql-js completes an Error item as null plus that error, located at the item's path.
 */
async function withErrorsInPlace(resolved: unknown, parsed: ReadonlyArray<GlobalRef | Error>): Promise<unknown[]> {
  const items = (await resolved) as unknown[];
  let next = 0;
  return parsed.map((item) => (item instanceof Error ? item : items[next++]));
}

/**
 * Distinct representations over every `_entities` field of the operation (aliases, fragments), counted
 * once per request, so that a second alias cannot slip past the cap after the first one's loads left.
 */
function requestedRepresentations(context: unknown, info: GraphQLResolveInfo, own: ReadonlyArray<GlobalRef | Error>): number {
  const ownCount = distinctCount(own);
  if (typeof context !== 'object' || context === null) return ownCount;
  let total = requestedPerContext.get(context);
  if (total === undefined) {
    total = distinctCount(representationsInOperation(info).map(parseOrError));
    requestedPerContext.set(context, total);
  }
  return Math.max(total, ownCount);
}

/** Valid refs counted once each, every invalid representation counted on its own. */
function distinctCount(parsed: ReadonlyArray<GlobalRef | Error>): number {
  const refs = new Set<string>();
  let invalid = 0;
  for (const item of parsed) {
    if (item instanceof Error) invalid += 1;
    else refs.add(encodeGlobalId(item));
  }
  return refs.size + invalid;
}

function representationsInOperation(info: GraphQLResolveInfo): unknown[] {
  const field = info.parentType.getFields()[info.fieldName] as GraphQLField<unknown, unknown> | undefined;
  if (!field) return [];
  const all: unknown[] = [];
  const visitedFragments = new Set<string>();
  const walk = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === info.fieldName) all.push(...representationsOf(field, selection, info));
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
  return all;
}

function representationsOf(field: GraphQLField<unknown, unknown>, node: FieldNode, info: GraphQLResolveInfo): unknown[] {
  try {
    const { representations } = getArgumentValues(field, node, info.variableValues) as { representations?: unknown };
    return Array.isArray(representations) ? representations : [];
  } catch {
    return []; // graphql-js reports the invalid argument on that field itself
  }
}
