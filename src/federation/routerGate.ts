/**
 * With ROUTER_SECRET set, `_service` (the subgraph's SDL) and `_entities` (lookups by key) answer only
 * requests from the federation router, which adds the secret in the `Router-Secret` header (see
 * src/http/callerGate.ts). Every other caller gets FORBIDDEN, and no schema. The check reads the
 * operation's root selection (fragments spread at the root included) once the operation is resolved,
 * on every request: Apollo's document cache skips validation, never this hook.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type DocumentNode, type SelectionSetNode } from 'graphql';
import type { GatewayContext } from '../context';
import { ErrorCode, gatewayError } from '../errors';
import { tagRefusal } from '../limits/refusal';

const ROUTER_ONLY = new Set(['_service', '_entities']);

export function createRouterGatePlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, document }) {
          if (contextValue.fromRouter || !operation) return;
          const field = routerOnlyRootField(operation.selectionSet, document);
          if (field) {
            throw tagRefusal(gatewayError(ErrorCode.FORBIDDEN, `Only the federation router may query ${field}.`, { http: { status: 403 } }), 'router_only');
          }
        },
      };
    },
  };
}

/** The first of `_service`/`_entities` selected at the root, through inline fragments and fragment spreads. */
export function routerOnlyRootField(root: SelectionSetNode, document: DocumentNode): string | undefined {
  const seen = new Set<string>();
  const pending: SelectionSetNode[] = [root];
  for (let set = pending.pop(); set; set = pending.pop()) {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD && ROUTER_ONLY.has(selection.name.value)) return selection.name.value;
      if (selection.kind === Kind.INLINE_FRAGMENT) pending.push(selection.selectionSet);
      if (selection.kind === Kind.FRAGMENT_SPREAD && !seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
        if (fragment?.kind === Kind.FRAGMENT_DEFINITION) pending.push(fragment.selectionSet);
      }
    }
  }
  return undefined;
}
