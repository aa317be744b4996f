/**
 * Puts the cost report (costReport.ts) in `extensions.upstream` of the response to a request that asked
 * for it. Installed only when COST_REPORT is on; a request without the header has no collector, and
 * this plugin does nothing for it.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';
import { costCollectorOf } from './costCollector';

export function createCostReportPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const collector = costCollectorOf(contextValue.scope.observers);
      if (!collector) return;
      return {
        async executionDidStart() {
          collector.markExecutionStart();
        },
        async willSendResponse({ response }) {
          const report = collector.report();
          if (!report || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, upstream: report };
        },
      };
    },
  };
}
