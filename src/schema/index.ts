/**
 * Builds the executable schema from schema/*.graphql (the single source of truth), expanded by the Relay
 * conventions (./typeDefs), as an Apollo Federation 2 subgraph with @apollo/subgraph (which adds `_service`,
 * `_entities` and the entities' `__resolveReference`), then attaches the field resolvers with
 * @graphql-tools/schema.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { addResolversToSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { DEFAULT_MAX_ENTITY_REPRESENTATIONS, guardEntitiesResolver } from '../federation/entitiesGuard';
import { createReferenceResolvers } from '../federation/references';
import { resolvers } from '../resolvers';
import { createJsonScalar } from '../scalars';
import { DEFAULT_JSON_LIMITS, type JsonLimits } from '../upstream/jsonLimits';
import { loadTypeDefs } from './typeDefs';

export { SCHEMA_DIR, loadTypeDefs, printTypeDefs, readSchemaFiles } from './typeDefs';

export interface SchemaOptions {
  /** Most entity representations one request may ask `_entities` for (MAX_ENTITY_REPRESENTATIONS). */
  maxEntityRepresentations?: number;
  /** Bounds on each `JSON` scalar value (UPSTREAM_JSON_MAX_DEPTH, UPSTREAM_JSON_MAX_KEYS). */
  jsonLimits?: JsonLimits;
}

export function createSchema(options: SchemaOptions = {}): GraphQLSchema {
  // @apollo/subgraph keeps each `__resolveReference` in the type's extensions, where its `_entities`
  // resolver looks for it: it must be given here, not to addResolversToSchema.
  const subgraph = buildSubgraphSchema({ typeDefs: loadTypeDefs(), resolvers: createReferenceResolvers() as unknown as GraphQLResolverMap<unknown> });
  const entities = subgraph.getQueryType()?.getFields()._entities?.resolve;
  if (!entities) throw new Error('The subgraph schema has no Query._entities: schema/ declares no @key.');
  return addResolversToSchema({
    schema: subgraph,
    resolvers: {
      ...resolvers,
      JSON: createJsonScalar(options.jsonLimits ?? DEFAULT_JSON_LIMITS),
      Query: { ...resolvers.Query, _entities: guardEntitiesResolver(entities, options.maxEntityRepresentations ?? DEFAULT_MAX_ENTITY_REPRESENTATIONS) },
    } as never,
    updateResolversInPlace: false,
  });
}
