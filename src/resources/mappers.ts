/**
 * What each GraphQL object type's resolvers receive as their parent, for graphql-codegen
 * (`defaultMapper` in codegen.yml): a registered resource's type gets that resource's data, its
 * `XConnection` and `XEdge` the pagination engine's Connection and Edge of that data; every other type
 * keeps codegen's own type. So registering a resource is all codegen needs: no mapper line per type.
 */
import type { Connection, Edge } from '../pagination/connection';
import type { DataByTypeName } from './index';

type Resolved<Name, Fallback> = Name extends keyof DataByTypeName
  ? DataByTypeName[Name]
  : Name extends `${infer Node}Connection`
    ? Node extends keyof DataByTypeName
      ? Connection<DataByTypeName[Node]>
      : Fallback
    : Name extends `${infer Node}Edge`
      ? Node extends keyof DataByTypeName
        ? Edge<DataByTypeName[Node]>
        : Fallback
      : Fallback;

/** `T` is codegen's type for a GraphQL object type; its `__typename` names the type. */
export type ResolverParent<T> = T extends { __typename?: infer Name } ? Resolved<NonNullable<Name>, T> : T;
