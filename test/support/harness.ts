/**
 * Starts the real gateway (the same factory production uses) against the real demo upstream, both on
 * 127.0.0.1 with random ports, and sends GraphQL over real HTTP.
 */
import { loadConfig, withUpstreamUrl, type LoadedConfig } from '../../src/config';
import { DEMO_TOKEN, DEMO_WORKSPACE_ID } from '../../demo/src/credentials';
import { startDemoUpstream, type DemoUpstream } from '../../demo/src/server';
import { createSilentLogger, type Logger } from '../../src/logger';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/server';

export interface GraphQLResponse<D = unknown> {
  status: number;
  headers: Headers;
  body: { data?: D; errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }> };
}

export interface Harness {
  upstream: DemoUpstream;
  gateway: Gateway;
  url: string;
  /** POSTs a GraphQL request with the demo user's credentials unless `headers` replaces them. */
  graphql<D = unknown>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<D>>;
  close(): Promise<void>;
}

export const demoHeaders = { authorization: `Bearer ${DEMO_TOKEN}`, 'workspace-id': String(DEMO_WORKSPACE_ID) };

export async function startHarness(
  options: {
    env?: Record<string, string>;
    upstream?: DemoUpstream;
    logger?: Logger;
    upstreamUrl?: string;
    /** What GraphiQL pre-fills in its headers editor (createGateway's `graphiqlHeaders`). */
    graphiqlHeaders?: Record<string, string>;
    /** Observers of each request's upstream requests (createGateway's `observe`). */
    observe?: GatewayOptions['observe'];
    /** Turns tracing on with this exporter (createGateway's `traceExporter`). */
    traceExporter?: GatewayOptions['traceExporter'];
    /** When subscriptions poll again (createGateway's `subscriptionTimer`). */
    subscriptionTimer?: GatewayOptions['subscriptionTimer'];
    /** When idle WebSockets are closed (createGateway's `subscriptionIdleTimer`). */
    subscriptionIdleTimer?: GatewayOptions['subscriptionIdleTimer'];
  } = {},
): Promise<Harness> {
  const upstream = options.upstream ?? (await startDemoUpstream());
  const config: LoadedConfig = loadConfig({ PORT: '0', CURSOR_SECRET: 'integration-test-cursor-secret', ...options.env });
  const gateway = await createGateway(withUpstreamUrl(config, options.upstreamUrl ?? upstream.url), {
    logger: options.logger ?? createSilentLogger(),
    graphiqlHeaders: options.graphiqlHeaders,
    observe: options.observe,
    traceExporter: options.traceExporter,
    subscriptionTimer: options.subscriptionTimer,
    subscriptionIdleTimer: options.subscriptionIdleTimer,
  });
  const url = await gateway.listen();
  return {
    upstream,
    gateway,
    url,
    async graphql(query, variables, headers) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(headers ?? demoHeaders) },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: JSON.parse(text) };
    },
    async close() {
      await gateway.stop();
      if (!options.upstream) await upstream.close();
    },
  };
}

/** POSTs a GraphQL request to `url` with exactly `headers` (a router's endpoint, say) and parses the answer. */
export async function postGraphQL<D = unknown>(url: string, query: string, variables: Record<string, unknown> | undefined, headers: Record<string, string>): Promise<GraphQLResponse<D>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: JSON.parse(await response.text()) };
}
