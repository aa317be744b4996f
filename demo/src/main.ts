/**
 * `npm run demo [-- <port>]`: the demo upstream on its own, to try the REST API with curl or to point a
 * gateway at it. The port defaults to 0 (a random free port); Ctrl-C stops it.
 */
import { DEMO_TOKEN, DEMO_WORKSPACE_ID } from './credentials';
import { startDemoUpstream } from './server';

async function main(): Promise<void> {
  const rawPort = process.argv[2] ?? '0';
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port > 65535) throw new Error(`not a port number: ${rawPort}`);
  // Bounded log: nobody reads it here, and a long session must not grow without limit.
  const upstream = await startDemoUpstream({ port, maxLogEntries: 1000 });
  process.stdout.write(
    [
      `Demo upstream listening at ${upstream.url}`,
      `  curl -H 'Authorization: Bearer ${DEMO_TOKEN}' -H 'Workspace-Id: ${DEMO_WORKSPACE_ID}' ${upstream.url}/api/v1/syncs`,
      `  AISQUARED_API_URL=${upstream.url} npm start   (a gateway in front of it)`,
      '',
    ].join('\n'),
  );
  const stop = () => {
    void upstream.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`The demo upstream failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
