/**
 * The SDL that the connection convention writes for a node type X: the four Relay arguments of a field
 * returning `XConnection`, and the types `XConnection` and `XEdge` (as graphql-relay's connectionDefinitions
 * defines them, plus this gateway's `cursorStatus` and `totalCount`). Written as SDL text and parsed, so
 * that it reads like the schema/ files it stands in for.
 */
import { parse, type DefinitionNode, type InputValueDefinitionNode, type ObjectTypeDefinitionNode } from 'graphql';
import { wordingOf } from './wording';

// Why an item can be null although the node type is non-null at its source: one failed field must not
// null the whole page (README, "Nullable connection items").
const NULL_ITEM_NOTE =
  'An item is null only when one of its non-null fields failed (see `errors`); the rest of the page keeps its data.';

/** `first`, `after`, `last`, `before`, described for a list of `node` items. */
export function connectionArguments(node: string): InputValueDefinitionNode[] {
  const { many } = wordingOf(node);
  const holder = parse(`
type ArgumentsHolder {
  field(
    """
    Returns the first n ${many} after \`after\` (0 to the configured maximum, 100 by default).
    """
    first: Int
    """
    Returns ${many} after this cursor.
    """
    after: String
    """
    Returns the last n ${many} before \`before\` (0 to the configured maximum).
    """
    last: Int
    """
    Returns ${many} before this cursor.
    """
    before: String
  ): Int
}`).definitions[0] as ObjectTypeDefinitionNode;
  return [...(holder.fields?.[0]?.arguments ?? [])];
}

/** The definitions of `${node}Connection` and `${node}Edge`. */
export function connectionTypes(node: string): DefinitionNode[] {
  const { one, many, anOne } = wordingOf(node);
  return [
    ...parse(`
"""
A page of ${many} (Relay connection).
"""
type ${node}Connection {
  """
  The ${many} of this page with their cursors. ${NULL_ITEM_NOTE}
  """
  edges: [${node}Edge]!
  """
  The ${many} of this page, without cursors. ${NULL_ITEM_NOTE}
  """
  nodes: [${node}]!
  """
  Where this page sits in the whole list.
  """
  pageInfo: PageInfo!
  """
  How the \`after\`/\`before\` cursor's item was found in the list as it is now: EXACT (where it was),
  MOVED (items were inserted or removed before it; the page continues from the item itself) or GONE
  (it was deleted or moved away; the page continues from where it stood, by its sort key). Null when
  no cursor was given. A cursor that cannot be placed is a STALE_CURSOR error instead.
  """
  cursorStatus: CursorStatus
  """
  Number of ${many} in the whole list (all pages), with the filters of the field that returned this page
  applied (its arguments other than \`first\`, \`after\`, \`last\` and \`before\`).
  """
  totalCount: Int!
}

"""
${anOne} and its cursor.
"""
type ${node}Edge {
  """
  Opaque cursor of this ${one}, for \`after\`/\`before\`.
  """
  cursor: String!
  """
  The ${one}.
  """
  node: ${node}!
}`).definitions,
  ];
}
