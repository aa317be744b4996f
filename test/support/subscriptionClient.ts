/**
 * A graphql-ws client (the `ws` WebSocket implementation) on a gateway's GraphQL path, and a reader of
 * one subscription's results (over graphql-ws or graphql-sse) in arrival order, so a test awaits each emission instead of sleeping.
 */
import { createClient, type Client } from 'graphql-ws/client';
import WebSocket from 'ws';
import type { GraphQLResponse } from './harness';

export type SubscriptionResult<D> = GraphQLResponse<D>['body'];

export interface SubscriptionReader<D> {
  /** Every result received so far. */
  readonly results: Array<SubscriptionResult<D>>;
  /** The next result not yet taken by next(). */
  next(): Promise<SubscriptionResult<D>>;
  /** Resolves when the server completed the subscription; rejects with what the client reported as its error. */
  readonly completed: Promise<void>;
  unsubscribe(): void;
}

/** What `subscribe` needs of a client: graphql-ws's and graphql-sse's both have it. */
export interface Subscribable {
  subscribe(
    request: { query: string; variables: Record<string, unknown> },
    sink: { next(value: unknown): void; error(error: unknown): void; complete(): void },
  ): () => void;
}

/** Headers of a WebSocket upgrade request; an array value is sent as that many header lines. */
export type UpgradeHeaders = Record<string, string | string[]>;

/**
 * A client whose connection_init carries `connectionParams`; it never retries, so a refusal shows.
 * `upgradeHeaders`: headers its WebSocket upgrade requests carry, as a router's do.
 */
export function wsClient(gatewayUrl: string, connectionParams: Record<string, string>, onClosed?: (code: number) => void, upgradeHeaders?: UpgradeHeaders): Client {
  class UpgradeWithHeaders extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      // ws types header values as strings; node:http, which sends them, takes arrays too.
      super(address, protocols, { headers: upgradeHeaders as Record<string, string> });
    }
  }
  return createClient({
    url: `${gatewayUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: upgradeHeaders ? UpgradeWithHeaders : WebSocket,
    connectionParams,
    retryAttempts: 0,
    on: { closed: (event) => onClosed?.((event as { code: number }).code) },
  });
}

export function subscribe<D = unknown>(client: Subscribable, query: string, variables: Record<string, unknown> = {}): SubscriptionReader<D> {
  const results: Array<SubscriptionResult<D>> = [];
  const waiting: Array<(result: SubscriptionResult<D>) => void> = [];
  let taken = 0;
  let settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  const completed = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  // Observed elsewhere when a test expects it to fail; never an unhandled rejection.
  completed.catch(() => undefined);
  const unsubscribe = client.subscribe(
    { query, variables },
    {
      next: (result) => {
        const body = result as SubscriptionResult<D>;
        results.push(body);
        const resolve = waiting.shift();
        if (resolve) {
          taken += 1;
          resolve(body);
        }
      },
      error: (error) => settle?.reject(error),
      complete: () => settle?.resolve(),
    },
  );
  return {
    results,
    next() {
      if (taken < results.length) return Promise.resolve(results[taken++] as SubscriptionResult<D>);
      return new Promise((resolve) => waiting.push(resolve));
    },
    completed,
    unsubscribe,
  };
}
