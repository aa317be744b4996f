/**
 * A graphql-js validation rule that rejects an operation nested too deeply, or holding too many
 * aliases, root fields or directives (fragments expanded). It runs with the spec's rules, once per
 * distinct document (Apollo caches validated documents), before anything executes.
 */
import type { ValidationRule } from 'graphql';
import { queryLimitError, type InboundLimits } from './settings';
import { measureOperation, type OperationShape } from './shape';

export type ShapeLimits = Pick<InboundLimits, 'maxDepth' | 'maxAliases' | 'maxRootFields' | 'maxDirectives'>;

interface Check {
  measure: keyof OperationShape;
  limit: keyof ShapeLimits;
  /** The sentence with the found value and the limit (when limits may be shown). */
  exposed: (found: number, max: number) => string;
  /** The sentence without numbers. */
  hidden: string;
}

const CHECKS: readonly Check[] = [
  {
    measure: 'depth',
    limit: 'maxDepth',
    exposed: (found, max) => `The query nests fields ${found} levels deep; the gateway allows at most ${max}.`,
    hidden: 'The query nests fields more deeply than the gateway allows.',
  },
  {
    measure: 'aliases',
    limit: 'maxAliases',
    exposed: (found, max) => `The query uses ${found} aliases; the gateway allows at most ${max}.`,
    hidden: 'The query uses more aliases than the gateway allows.',
  },
  {
    measure: 'rootFields',
    limit: 'maxRootFields',
    exposed: (found, max) => `The query selects ${found} root fields; the gateway allows at most ${max}.`,
    hidden: 'The query selects more root fields than the gateway allows.',
  },
  {
    measure: 'directives',
    limit: 'maxDirectives',
    exposed: (found, max) => `The query uses ${found} directives; the gateway allows at most ${max}.`,
    hidden: 'The query uses more directives than the gateway allows.',
  },
];

/**
 * `exposeLimits` puts the found value and the limit in the message; keep it off where the schema is
 * not public (it is tied to INTROSPECTION).
 */
export function createShapeLimitRule(limits: ShapeLimits, exposeLimits: boolean): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const shape = measureOperation(operation, (name) => context.getFragment(name));
      for (const check of CHECKS) {
        const found = shape[check.measure];
        const max = limits[check.limit];
        if (found > max) context.reportError(queryLimitError(exposeLimits ? check.exposed(found, max) : check.hidden, operation));
      }
      // The measurement already walked the operation; this rule needs nothing from its subtree.
      return false;
    },
  });
}
