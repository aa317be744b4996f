/**
 * The gateway as production runs it: `node --import tsx src/index.ts` in a child process, configured by
 * its environment, with its stdout (banner, then JSON log lines) and stderr captured.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface GatewayProcess {
  child: ChildProcess;
  /** Base URL from the banner (http://127.0.0.1:port). */
  endpoint: string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
  logLines(): Array<Record<string, unknown>>;
  /** Resolves with the first log line whose `msg` is `message`, as soon as it is printed. */
  logged(message: string): Promise<Record<string, unknown>>;
  /** SIGKILL unless it already exited; resolves once it has. */
  kill(): Promise<void>;
}

const ROOT = join(__dirname, '..', '..');

/**
 * Starts src/index.ts with PORT=0 and `env`; resolves once it prints its endpoint. `spawned` sees the
 * child at once, so that a test's cleanup can kill it even if it never gets that far.
 */
export async function startGatewayProcess(env: Record<string, string>, spawned?: (child: ChildProcess) => void): Promise<GatewayProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join('src', 'index.ts')], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', PORT: '0', GRAPHIQL: 'false', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  spawned?.(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stdout = '';
  let stderr = '';
  // Parsed as they arrive: a replica under load prints thousands of lines.
  const parsed: Array<Record<string, unknown>> = [];
  let unparsedFrom = 0;
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    const end = stdout.lastIndexOf('\n') + 1;
    for (const line of stdout.slice(unparsedFrom, end).split('\n')) if (line.startsWith('{')) parsed.push(JSON.parse(line) as Record<string, unknown>);
    unparsedFrom = Math.max(unparsedFrom, end);
    for (const listener of listeners) listener();
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const logLines = () => parsed;
  /** Resolves with `find()`'s first defined answer, checked on every stdout chunk; rejects on exit. */
  const whenPrinted = <T>(find: () => T | undefined, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found === undefined) return;
        listeners.delete(check);
        resolve(found);
      };
      listeners.add(check);
      check();
      void exited.then((code) => {
        listeners.delete(check);
        reject(new Error(`the gateway exited (${code}) before printing ${what}: ${stderr}`));
      });
    });
  const endpoint = await whenPrinted(() => /Endpoint:\s+POST (http:\/\/\S+)\/graphql/.exec(stdout)?.[1], 'its endpoint');
  return {
    child,
    endpoint,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    logLines,
    logged: (message) => whenPrinted(() => parsed.find((entry) => entry.msg === message), `"${message}"`),
    kill: () => killChild(child),
  };
}

/** SIGKILL unless it already exited; resolves once it has. */
export async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
