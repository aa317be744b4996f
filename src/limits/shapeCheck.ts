/**
 * The shape check: rejects an operation nested too deeply, or holding too many aliases, root fields,
 * directives or repeats of one field (fragments expanded), or too many entity fetches. A router's entity
 * fetches merged into one request are judged each on its own (./shape.ts). It stops at the first breach, and it keeps
 * graphql-js's standard rules from working on a refused document: some of them cost more than linear
 * time on exactly the documents it refuses (OverlappingFieldsCanBeMerged compares every pair of
 * same-named fields; 1,240 root fields cost ~90 ms of CPU). It runs once per distinct document: Apollo
 * caches validated documents.
 */
import { Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLError, type ValidationRule } from 'graphql';
import { tagRefusal, type RefusalLimit } from './refusal';
import { queryLimitError, type InboundLimits } from './settings';
import { countRootFields, measureOperation, type OperationShape } from './shape';

export type ShapeLimits = Pick<InboundLimits, 'maxDepth' | 'maxAliases' | 'maxRootFields' | 'maxDirectives' | 'maxRepeatedFields'> & {
  /** Most `_entities` fields (a router's entity fetches) at the root; the representation cap. */
  maxEntityFetches: number;
};

interface Check {
  measure: keyof OperationShape;
  limit: keyof ShapeLimits;
  /** The refusal's name for the metrics (./refusal.ts). */
  refusal: RefusalLimit;
  /** The sentence with the found value and the limit (when limits may be shown). */
  exposed: (found: number, max: number) => string;
  /** The sentence without numbers. */
  hidden: string;
}

const CHECKS: readonly Check[] = [
  {
    measure: 'rootFields',
    limit: 'maxRootFields',
    refusal: 'root_fields',
    exposed: (found, max) => `The query selects ${found} root fields; the gateway allows at most ${max}.`,
    hidden: 'The query selects more root fields than the gateway allows.',
  },
  {
    measure: 'depth',
    limit: 'maxDepth',
    refusal: 'depth',
    exposed: (found, max) => `The query nests fields ${found} levels deep; the gateway allows at most ${max}.`,
    hidden: 'The query nests fields more deeply than the gateway allows.',
  },
  {
    measure: 'aliases',
    limit: 'maxAliases',
    refusal: 'aliases',
    exposed: (found, max) => `The query uses ${found} aliases; the gateway allows at most ${max}.`,
    hidden: 'The query uses more aliases than the gateway allows.',
  },

  {
    measure: 'directives',
    limit: 'maxDirectives',
    refusal: 'directives',
    exposed: (found, max) => `The query uses ${found} directives; the gateway allows at most ${max}.`,
    hidden: 'The query uses more directives than the gateway allows.',
  },
  {
    measure: 'repeats',
    limit: 'maxRepeatedFields',
    refusal: 'repeated_fields',
    exposed: (found, max) => `The query selects one field ${found} times in one selection set; the gateway allows at most ${max}.`,
    hidden: 'The query selects one field more often in one selection set than the gateway allows.',
  },
  {
    measure: 'entityFetches',
    limit: 'maxEntityFetches',
    refusal: 'entity_fetches',
    exposed: (found, max) => `The query selects ${found} _entities fields; the gateway allows at most ${max}.`,
    hidden: 'The query selects more _entities fields than the gateway allows.',
  },
];

/** The refusal of too many root fields, also used by the pre-parse scan (src/http/edge.ts). */
export function tooManyRootFieldsMessage(found: number, max: number, exposeLimits: boolean): string {
  const [rootCheck] = CHECKS;
  return rootCheck && exposeLimits ? rootCheck.exposed(found, max) : 'The query selects more root fields than the gateway allows.';
}

/** The refusal of too many `_entities` fields, also used by the pre-parse scan (src/http/edge.ts). */
export function tooManyEntityFetchesMessage(found: number, max: number, exposeLimits: boolean): string {
  const check = CHECKS.find((candidate) => candidate.measure === 'entityFetches');
  if (!check) return 'The query selects more _entities fields than the gateway allows.';
  return exposeLimits ? check.exposed(found, max) : check.hidden;
}

/**
 * The first limit the document's operations breach, as a QUERY_TOO_COMPLEX error, or undefined.
 * `exposeLimits` puts the found value and the limit in the message; keep it off where the schema is
 * not public (it is tied to INTROSPECTION).
 */
export function firstShapeBreach(document: DocumentNode, limits: ShapeLimits, exposeLimits: boolean): GraphQLError | undefined {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  for (const operation of document.definitions) {
    if (operation.kind !== Kind.OPERATION_DEFINITION) continue;
    const getFragment = (name: string) => fragments.get(name);
    // Root fields first, counted without descending: the cheapest refusal of a very wide document.
    const [rootCheck] = CHECKS;
    const rootFields = countRootFields(operation, getFragment);
    if (rootCheck && rootFields > limits.maxRootFields) {
      return tagRefusal(queryLimitError(exposeLimits ? rootCheck.exposed(rootFields, limits.maxRootFields) : rootCheck.hidden, operation), rootCheck.refusal);
    }
    const shape = measureOperation(operation, getFragment);
    for (const check of CHECKS) {
      const found = shape[check.measure];
      const max = limits[check.limit];
      if (found > max) return tagRefusal(queryLimitError(exposeLimits ? check.exposed(found, max) : check.hidden, operation), check.refusal);
    }
  }
  return undefined;
}

/** Nothing left to validate: what the other rules see once the shape check has refused a document. */
const EMPTY_DOCUMENT: DocumentNode = { kind: Kind.DOCUMENT, definitions: [] };

/**
 * The shape check as a graphql-js validation rule. It acts when validation enters the Document, before
 * any rule visits a selection set, and on a breach it reports it and hands the visit an empty document
 * instead (graphql-js's visitor replaces a node with what an enter function returns), so no other rule
 * works on the refused one.
 */
export function createShapeLimitRule(limits: ShapeLimits, exposeLimits: boolean): ValidationRule {
  return (context) => ({
    Document(document) {
      const breach = firstShapeBreach(document, limits, exposeLimits);
      if (!breach) return undefined;
      context.reportError(breach);
      return EMPTY_DOCUMENT;
    },
  });
}
