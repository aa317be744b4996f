import type { NodeResolvers } from '../generated/graphql';
import type { ResourceTypeName } from '../resources';
import { typeNameOf } from '../resources/resource';

export const Node: NodeResolvers = {
  // Every object a resource module makes carries its type (src/resources/resource.ts): no guessing from attributes.
  __resolveType: (node) => typeNameOf(node) as ResourceTypeName,
};
