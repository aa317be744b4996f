/**
 * The Apollo Server of the gateway: the schema, the inbound limits (nesting and name length at the HTTP
 * edge, tokens while parsing, shape during validation, cost before execution), error formatting and
 * logging, a result serializer that cannot fail, federated traces, and the capture of each operation's
 * name for the request log. HTTP is not its business: src/http/edge.ts feeds it requests.
 */
import type { Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';
import { createErrorLogPlugin } from './errorLog';
import { formatError } from './errors';
import { createRouterGatePlugin } from './federation/routerGate';
import { createCostLimitPlugin } from './limits/costPlugin';
import { createShapeLimitRule } from './limits/shapeCheck';
import { createHideSuggestionsPlugin } from './limits/suggestions';
import type { Logger } from './logger';
import { createCostReportPlugin } from './observability/costReportPlugin';
import { createResultSerializer } from './resultSerializer';
import { createSchema } from './schema';

/** After the grace period, when upstream calls are aborted (server.ts), how long answers may take to go out, ms. */
export const SHUTDOWN_ANSWER_MS = 1000;

/**
 * A request carrying one of these (non-empty) is let through CSRF prevention whatever its Content-Type.
 * Apollo's own two, plus the caller's credentials: a browser sends none of them cross-site without a
 * CORS preflight, which the gateway never grants. Every caller sends Authorization, so urql's default
 * GET (no Content-Type) and other clients need no extra header.
 */
const CSRF_SAFE_HEADERS = ['x-apollo-operation-name', 'apollo-require-preflight', 'authorization', 'workspace-id'];

type ApolloConfig = Pick<GatewayConfig, 'introspection' | 'limits' | 'pagination' | 'federation' | 'shutdownGraceMs' | 'costReport'> & { upstream: Pick<GatewayConfig['upstream'], 'jsonLimits'> };

export interface GatewayApollo {
  server: ApolloServer<GatewayContext>;
  /** The operation name Apollo resolved for a request (a body's `operationName` is optional). */
  operationNameOf(context: GatewayContext): string | undefined;
}

/**
 * Builds and starts the server; `httpServer` is drained on stop, within the shutdown grace period.
 * `extraPlugins` (tracing's, then the metrics') run first, so that tracing's spans enclose what the
 * others do.
 */
export async function startApollo(config: ApolloConfig, httpServer: Server, logger: Logger, extraPlugins: ApolloServerPlugin<GatewayContext>[] = []): Promise<GatewayApollo> {
  // Keyed by the request's call scope: Apollo hands plugins a shallow copy of the context object.
  const operationNames = new WeakMap<object, string>();
  const serializer = createResultSerializer(logger);
  const server = new ApolloServer<GatewayContext>({
    schema: createSchema({ maxEntityRepresentations: config.federation.maxEntityRepresentations, jsonLimits: config.upstream.jsonLimits }),
    introspection: config.introspection,
    hideSchemaDetailsFromClientErrors: !config.introspection,
    includeStacktraceInErrorResponses: false,
    // src/index.ts owns SIGTERM/SIGINT (drain, then close the upstream pool, then exit).
    stopOnTerminationSignals: false,
    csrfPrevention: { requestHeaders: CSRF_SAFE_HEADERS },
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: config.limits.maxTokens },
    // Runs with the spec's rules, and keeps them from working on a document it refuses.
    validationRules: [createShapeLimitRule({ ...config.limits, maxEntityFetches: config.federation.maxEntityRepresentations }, config.introspection)],
    formatError,
    stringifyResult: serializer.stringifyResult,
    logger: {
      debug: (message) => logger.debug(message),
      info: (message) => logger.info(message),
      warn: (message) => logger.warn(message),
      error: (message) => logger.error(message),
    },
    plugins: [...extraPlugins, ...createPlugins(config, httpServer), createOperationNamePlugin(operationNames), createErrorLogPlugin(logger), serializer.plugin],
  });
  await server.start();
  return { server, operationNameOf: (context) => operationNames.get(context.scope) };
}

function createPlugins(config: ApolloConfig, httpServer: Server): ApolloServerPlugin<GatewayContext>[] {
  return [
    ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownGraceMs + SHUTDOWN_ANSWER_MS }),
    ApolloServerPluginLandingPageDisabled(),
    // No @cacheControl hints and no HTTP caching of answers made with a caller's credentials: the
    // default cache-control plugin would only add a hook to every resolved field.
    ApolloServerPluginCacheControlDisabled(),
    // Federated traces (ftv1) for a router that asks for them; error messages in them stay masked.
    ApolloServerPluginInlineTrace({ includeErrors: { masked: true } }),
    ...(config.federation.routerSecret ? [createRouterGatePlugin()] : []),
    createCostLimitPlugin({ maxCost: config.limits.maxCost, defaultPageSize: config.pagination.defaultPageSize, exposeLimits: config.introspection }),
    ...(config.introspection ? [] : [createHideSuggestionsPlugin<GatewayContext>()]),
    ...(config.costReport ? [createCostReportPlugin()] : []),
  ];
}

function createOperationNamePlugin(names: WeakMap<object, string>): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operationName }) {
          if (operationName) names.set(contextValue.scope, operationName);
        },
      };
    },
  };
}
