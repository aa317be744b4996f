/**
 * The Apollo Server plugin behind the operation metrics: operations in flight, and for each operation
 * its outcome and duration, plus the refusals made inside Apollo (validation, plugins, resolvers), read
 * from the errors the refusing code tagged (src/limits/refusal.ts).
 *
 * Outcomes (a closed list): `success` (no error), `partial` (data and errors), `error` (executed, no
 * data), `refused` (stopped before execution by a limit or a gate), `invalid` (stopped before execution
 * otherwise: a syntax or validation error, an unknown operation name).
 */
import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import type { Counter, Gauge, Histogram } from 'prom-client';
import type { GatewayContext } from '../context';
import { refusalLimitOf, type RefusalLimit } from '../limits/refusal';
import type { BoundedLabel } from './boundedLabel';

export type OperationOutcome = 'success' | 'partial' | 'error' | 'refused' | 'invalid';

export interface OperationInstruments {
  operations: Counter<'operation' | 'type' | 'outcome'>;
  duration: Histogram<'operation' | 'type'>;
  inFlight: Gauge;
  countRefusal(limit: RefusalLimit): void;
  operationNames: BoundedLabel;
}

export function createOperationMetricsPlugin(instruments: OperationInstruments): ApolloServerPlugin<GatewayContext> {
  const { operations, duration, inFlight, countRefusal, operationNames } = instruments;
  return {
    async requestDidStart() {
      const started = performance.now();
      inFlight.inc();
      let executed = false;
      const refusals = new Set<RefusalLimit>();
      return {
        async executionDidStart() {
          executed = true;
        },
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const limit = refusalLimitOf(error);
            if (limit) refusals.add(limit);
          }
        },
        async willSendResponse({ operation, operationName, request, response }) {
          inFlight.dec();
          // One count per limit and request, however many fields it refused.
          refusals.forEach(countRefusal);
          // Resolved: the operation's own name (null when anonymous); not resolved: the name the client sent.
          const name = operationName === undefined ? request.operationName : operationName;
          const labels = { operation: name ? operationNames.of(name) : 'anonymous', type: operation?.operation ?? 'unknown' };
          operations.inc({ ...labels, outcome: outcomeOf(executed, refusals.size > 0, response) });
          duration.observe(labels, (performance.now() - started) / 1000);
        },
      };
    },
  };
}

function outcomeOf(executed: boolean, refused: boolean, response: GraphQLResponse): OperationOutcome {
  const result = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
  const failed = (result.errors?.length ?? 0) > 0;
  if (!executed) return refused ? 'refused' : failed ? 'invalid' : 'success';
  if (!failed) return 'success';
  return result.data ? 'partial' : 'error';
}
