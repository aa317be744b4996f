import type { NodeResolvers } from '../generated/graphql';
import { nodeTypeName } from './nodes';

export const Node: NodeResolvers = {
  __resolveType: (node) => nodeTypeName(node),
};
