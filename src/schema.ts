/**
 * Builds the executable schema from schema/*.graphql (the single source of truth) as an Apollo
 * Federation 2 subgraph, then attaches the resolvers with @graphql-tools/schema.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { addResolversToSchema } from '@graphql-tools/schema';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { resolvers } from './resolvers';

export const SCHEMA_DIR = join(__dirname, '..', 'schema');

/** The SDL of schema/, in file-name order, as one document. */
export function loadTypeDefs(dir = SCHEMA_DIR): DocumentNode {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.graphql'))
    .sort();
  return parse(files.map((name) => readFileSync(join(dir, name), 'utf8')).join('\n'));
}

export function createSchema(): GraphQLSchema {
  const subgraph = buildSubgraphSchema({ typeDefs: loadTypeDefs() });
  return addResolversToSchema({ schema: subgraph, resolvers: resolvers as never, updateResolversInPlace: false });
}
