/**
 * The schema expansion step: schema/ leaves to well-known Relay conventions what they define the same way
 * every time, and this writes it into the SDL before anyone reads it (the subgraph, subgraph.graphql,
 * graphql-codegen). See docs/schema.md.
 * - Connections (graphql-relay's connectionDefinitions): ./connections.
 * - Input object mutations (graphql-relay's mutationWithClientMutationId): ./clientMutationId.
 * - Node identity (Global Object Identification's `id`, with the upstream `databaseId`): ./nodeFields.
 * Before them, `@copyFields` (./copyFields) lets mutation inputs share the fields that name their object.
 */
import type { DocumentNode } from 'graphql';
import { expandClientMutationIds } from './clientMutationId';
import { expandConnections } from './connections';
import { expandCopiedFields } from './copyFields';
import { expandNodeFields } from './nodeFields';

/** `document` with the conventions applied; throws an Error naming the field when one cannot be. */
export function expandRelayConventions(document: DocumentNode): DocumentNode {
  // Copies first, so a copied input gets its own clientMutationId rather than its source's.
  return expandClientMutationIds(expandNodeFields(expandConnections(expandCopiedFields(document))));
}
