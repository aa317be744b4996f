/**
 * Process entry: the only reader of process.env. Starts the embedded demo upstream when no
 * AISQUARED_API_URL is configured (outside production: config.demoUpstream), starts the gateway, and
 * on SIGTERM/SIGINT leaves the load balancer's rotation, drains and stops.
 */
import { ConfigError, loadConfig, withUpstreamUrl, type LoadedConfig } from './config';
import { startEmbeddedDemo, type EmbeddedDemo } from './embeddedDemo';
import { createLogger, type Logger } from './logger';
import { createGateway, SHUTDOWN_BACKSTOP_MS, type Gateway } from './server';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.logLevel });
  const { url: upstreamUrl, demo } = await resolveUpstream(config.upstream.url);
  const gateway = await createGateway(withUpstreamUrl(config, upstreamUrl), {
    logger,
    ...(demo ? { graphiqlHeaders: { Authorization: `Bearer ${demo.token}`, 'Workspace-Id': String(demo.workspaceId) } } : {}),
  });
  const url = await gateway.listen();
  // Before the banner: whoever waits for it may signal the process at once.
  stopOnSignals(gateway, demo, config, logger);
  printBanner(url, demo, upstreamUrl);
}

function loadConfigOrExit(): LoadedConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

/**
 * The configured upstream, or the embedded demo upstream (started here) when none is configured:
 * loadConfig has already refused a missing URL where the demo may not start.
 */
async function resolveUpstream(configured: string | undefined): Promise<{ url: string; demo?: EmbeddedDemo }> {
  if (configured) return { url: configured };
  const demo = await startEmbeddedDemo();
  return { url: demo.url, demo };
}

function printBanner(url: string, demo: EmbeddedDemo | undefined, upstreamUrl: string): void {
  const lines = [
    '',
    `  AI Squared GraphQL gateway is running.`,
    `  GraphiQL:  ${url}/graphql   (open it in a browser)`,
    `  Endpoint:  POST ${url}/graphql`,
    `  Live:      ${url.replace(/^http/, 'ws')}/graphql (graphql-ws), or SSE at the endpoint`,
    demo
      ? `  Upstream:  embedded demo API at ${demo.url}\n  Headers:   Authorization: Bearer ${demo.token}\n             Workspace-Id: ${demo.workspaceId}`
      : `  Upstream:  ${upstreamUrl}`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * SIGTERM (an orchestrator or load balancer retiring this replica): readiness turns 503 and responses ask
 * clients to close their connections, while the gateway keeps serving for SHUTDOWN_DELAY_MS, the time load
 * balancers need to stop sending it requests; then it stops accepting, drains (SHUTDOWN_GRACE_MS) and
 * exits 0. SIGINT (Ctrl-C at a terminal), or a second signal, does not wait out the delay.
 */
function stopOnSignals(gateway: Gateway, demo: EmbeddedDemo | undefined, config: LoadedConfig, logger: Logger): void {
  const { shutdownDelayMs, shutdownGraceMs: graceMs } = config;
  let endDelay: (() => void) | undefined;
  const shutdown = (signal: NodeJS.Signals) => {
    if (endDelay) return endDelay();
    const delayMs = signal === 'SIGINT' ? 0 : shutdownDelayMs;
    const delayOver = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delayMs);
      endDelay = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    gateway.beginDraining();
    logger.info({ signal, delayMs }, 'shutting down: not ready, serving until load balancers move away');
    // Backstop: at the end of the grace period stop() aborts the upstream calls still running and, a
    // moment later, closes the connections still busy; the process must end even if something hangs.
    setTimeout(() => {
      logger.error({ signal }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, delayMs + graceMs + SHUTDOWN_BACKSTOP_MS).unref();
    delayOver
      .then(() => {
        logger.info({ signal, graceMs }, 'shutting down: draining in-flight requests');
        return gateway.stop();
      })
      .then(() => demo?.close())
      .then(() => {
        logger.info({ signal }, 'stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`The gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
