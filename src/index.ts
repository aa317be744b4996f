/**
 * Process entry: the only reader of process.env. Starts the embedded demo upstream when no
 * AISQUARED_API_URL is configured (outside production: config.demoUpstream), starts the gateway, and
 * drains both on SIGTERM/SIGINT.
 */
import { ConfigError, loadConfig, withUpstreamUrl, type LoadedConfig } from './config';
import { startEmbeddedDemo, type EmbeddedDemo } from './embeddedDemo';
import { createLogger, type Logger } from './logger';
import { createGateway, type Gateway } from './server';

/** How long after the grace period a stuck shutdown is given before the process exits anyway, ms. */
const SHUTDOWN_BACKSTOP_MS = 5000;

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.logLevel });
  const { url: upstreamUrl, demo } = await resolveUpstream(config.upstream.url);
  const gateway = await createGateway(withUpstreamUrl(config, upstreamUrl), {
    logger,
    ...(demo ? { graphiqlHeaders: { Authorization: `Bearer ${demo.token}`, 'Workspace-Id': String(demo.workspaceId) } } : {}),
  });
  const url = await gateway.listen();
  printBanner(url, demo, upstreamUrl);
  stopOnSignals(gateway, demo, config.shutdownGraceMs, logger);
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
    demo
      ? `  Upstream:  embedded demo API at ${demo.url}\n  Headers:   Authorization: Bearer ${demo.token}\n             Workspace-Id: ${demo.workspaceId}`
      : `  Upstream:  ${upstreamUrl}`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function stopOnSignals(gateway: Gateway, demo: EmbeddedDemo | undefined, graceMs: number, logger: Logger): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, graceMs }, 'shutting down: draining in-flight requests');
    // Backstop: at the end of the grace period stop() aborts the upstream calls still running and, a
    // moment later, closes the connections still busy; the process must end even if something hangs.
    setTimeout(() => {
      logger.error({ signal }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, graceMs + SHUTDOWN_BACKSTOP_MS).unref();
    gateway
      .stop()
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
