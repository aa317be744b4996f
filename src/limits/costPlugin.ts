/**
 * Rejects an operation whose estimated cost (src/limits/cost.ts) exceeds the limit. It runs as an Apollo
 * Server plugin because the cost depends on the request's variable values, which validation rules
 * never see; `didResolveOperation` runs after validation and before any resolver.
 */
import type { DocumentNode, GraphQLError, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { estimateCost } from './cost';
import { tagRefusal } from './refusal';
import { queryLimitError } from './settings';

export interface CostLimitOptions {
  maxCost: number;
  defaultPageSize: number;
  /** Put the estimate and the limit in the message (tied to INTROSPECTION). */
  exposeLimits: boolean;
}

export function createCostLimitPlugin<TContext extends BaseContext>(options: CostLimitOptions): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const refusal = costRefusal(schema, document, operation, request.variables, options);
          if (refusal) throw refusal;
        },
      };
    },
  };
}

/**
 * The QUERY_TOO_COMPLEX error for an operation whose estimated cost passes the limit, or undefined.
 * The subscription transports run operations outside Apollo and call it themselves (src/subscriptions/admission.ts).
 */
export function costRefusal(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
  options: CostLimitOptions,
): GraphQLError | undefined {
  const cost = estimateCost(schema, document, operation, variables, { defaultPageSize: options.defaultPageSize });
  if (cost <= options.maxCost) return undefined;
  const refusal = queryLimitError(
    options.exposeLimits
      ? `The query could fetch too much: its estimated cost is ${cost} and the gateway allows at most ${options.maxCost}; ask for smaller pages with first/last.`
      : 'The query could fetch more than the gateway allows; ask for smaller pages with first/last or select fewer nested connections.',
    operation,
  );
  return tagRefusal(refusal, 'cost');
}
