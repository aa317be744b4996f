/**
 * Run by tracingOff.test.ts as its own process (`node --import tsx`): starts the demo upstream and the
 * gateway with the environment it was given, sends one query carrying a caller `traceparent`, stops
 * both, and prints one JSON line: the OpenTelemetry packages the process loaded (from require.cache,
 * which jest's module registry would hide) and the headers the upstream received.
 */
import { startDemoUpstream } from '../../demo/src/server';
import { loadConfig, withUpstreamUrl } from '../../src/config';
import { createSilentLogger } from '../../src/logger';
import { createGateway } from '../../src/server';
import { demoHeaders } from '../support/harness';

const PACKAGE = /node_modules[\\/](@opentelemetry[\\/][^\\/]+)[\\/]/;

async function main(): Promise<void> {
  const upstream = await startDemoUpstream();
  const gateway = await createGateway(withUpstreamUrl(loadConfig({ PORT: '0', ...process.env }), upstream.url), { logger: createSilentLogger() });
  const url = await gateway.listen();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...demoHeaders, traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tracestate: 'vendor=opaque' },
    body: JSON.stringify({ query: '{ syncs(first: 1) { totalCount } }' }),
  });
  const body: unknown = await response.json();
  await gateway.stop();
  await upstream.close();
  const loaded = new Set<string>();
  for (const path of Object.keys(require.cache)) {
    const match = PACKAGE.exec(path);
    if (match?.[1]) loaded.add(match[1].replace('\\', '/'));
  }
  process.stdout.write(`${JSON.stringify({ body, loaded: [...loaded].sort(), upstreamHeaders: upstream.requests.map((entry) => entry.headers) })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
