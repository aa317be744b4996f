/**
 * The gateway under test as its own process, started the way production starts it (src/index.ts with
 * AISQUARED_API_URL set, so it does not embed the demo) but through `node --import tsx` rather than the
 * tsx CLI: the CLI would add a wrapper process, and /proc must show the gateway's own CPU and memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';

export interface GatewayProcess {
  pid: number;
  /** The GraphQL endpoint, `http://127.0.0.1:<port>/graphql`. */
  endpoint: string;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

const REPO_ROOT = resolve(__dirname, '..', '..');
/** The banner line src/index.ts prints once it listens. */
const ENDPOINT_LINE = /Endpoint:\s+POST\s+(http:\/\/\S+\/graphql)/;
const START_TIMEOUT_MS = 30_000;

/** `extraEnv`: the observability mode's settings (bench/roundTrips/modes.ts). */
export async function startGatewayProcess(upstreamUrl: string, extraEnv: Record<string, string> = {}): Promise<GatewayProcess> {
  // BENCH_GATEWAY_FLAGS adds node flags to the gateway only, e.g. "--cpu-prof --cpu-prof-dir=.prof" to profile it.
  const flags = (process.env.BENCH_GATEWAY_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', 'src/index.ts'], {
    cwd: REPO_ROOT,
    env: { ...gatewayEnv(upstreamUrl), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error('could not spawn the gateway process');
  // Last resort on any exit path of this process (process.exit included): never leave the gateway behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  const stop = stopper(child);
  try {
    const endpoint = await waitForEndpoint(child);
    return { pid: child.pid, endpoint, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Production defaults: only what the bench must set, on a clean environment so that a developer's own
 * LOG_LEVEL or limits do not change the figures. Logging stays at its default level (its cost is part
 * of the gateway's cost); the lines go to a pipe this process drains and discards.
 */
function gatewayEnv(upstreamUrl: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'production',
    AISQUARED_API_URL: upstreamUrl,
    HOST: '127.0.0.1',
    PORT: '0',
    GRAPHIQL: 'false',
    // No load balancer to leave: stop at once on SIGTERM (a --cpu-prof profile is written on that exit).
    SHUTDOWN_DELAY_MS: '0',
  };
  for (const name of ['PATH', 'HOME', 'TMPDIR']) if (process.env[name] !== undefined) env[name] = process.env[name];
  return env;
}

/** Resolves with the endpoint from the banner; stdout and stderr are read (and dropped) from then on. */
function waitForEndpoint(child: ChildProcess): Promise<string> {
  return new Promise<string>((resolvePromise, reject) => {
    let found = false;
    let stdoutHead = '';
    let stderrTail = '';
    const settle = (error: Error | undefined, endpoint = '') => {
      if (found) return;
      found = true;
      clearTimeout(timer);
      if (error) reject(new Error(`${error.message}\n${stderrTail}`));
      else resolvePromise(endpoint);
    };
    const timer = setTimeout(() => settle(new Error(`the gateway did not print its endpoint within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    drain(child.stderr, (text) => {
      stderrTail = (stderrTail + text).slice(-2000);
    });
    drain(child.stdout, (text) => {
      if (found) return;
      stdoutHead += text;
      const match = ENDPOINT_LINE.exec(stdoutHead);
      if (match) settle(undefined, match[1]!);
    });
    child.once('exit', (code, signal) => settle(new Error(`the gateway exited before listening (code ${code}, signal ${signal})`)));
    child.once('error', (error) => settle(error));
  });
}

/** Keeps a pipe flowing: a full pipe would block the gateway's log writes and skew the figures. */
function drain(stream: Readable | null, onText: (text: string) => void): void {
  stream?.setEncoding('utf8');
  stream?.on('data', onText);
}

function stopper(child: ChildProcess): (graceMs?: number) => Promise<void> {
  let stopping: Promise<void> | undefined;
  return (graceMs = 5000) => {
    stopping ??= new Promise<void>((resolvePromise) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolvePromise();
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.once('exit', () => {
        clearTimeout(killer);
        resolvePromise();
      });
      child.kill('SIGTERM');
    });
    return stopping;
  };
}
