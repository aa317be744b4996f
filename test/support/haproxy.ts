/**
 * A real load balancer for the replica tests: HAProxy (Debian's `haproxy` package) in the foreground,
 * its frontend on a unix socket in a temporary directory (so no port has to be picked and no other
 * process can take it), its backends the gateway replicas on loopback TCP. It probes each replica's
 * `/readyz` every `checkIntervalMs`; one failed check takes a replica out, one passing check puts it
 * back. Its state changes are read from its log on stderr as they happen; its counters and the
 * replicas' addresses go through its admin socket (the runtime API).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

export const HAPROXY_PATH = process.env.HAPROXY_PATH ?? '/usr/sbin/haproxy';
const BACKEND = 'replicas';

export interface HaproxyServer {
  name: string;
  /** http://127.0.0.1:port */
  url: string;
}

export interface Haproxy {
  /** The frontend's unix socket: clients connect here. */
  socketPath: string;
  /** Resolves with the log line of `server`'s next change to `state` (one that was not awaited before). */
  nextChange(server: string, state: 'UP' | 'DOWN'): Promise<string>;
  /** Counters of one server (`stot`: requests sent to it; `wretr`, `wredis`: retries, redispatches). */
  serverStats(server: string): Promise<Record<string, string>>;
  /** Counters of the backend as a whole. */
  backendStats(): Promise<Record<string, string>>;
  /** Points `server` at a new address (a replacement replica), as service discovery would. */
  setAddress(server: string, url: string): Promise<void>;
  stderr(): string;
  close(): Promise<void>;
}

export function isHaproxyInstalled(): boolean {
  return existsSync(HAPROXY_PATH);
}

function configText(dir: string, servers: HaproxyServer[], checkIntervalMs: number): string {
  const lines = [
    'global',
    '  log stderr format raw local0 info',
    `  stats socket ${join(dir, 'admin.sock')} level admin`,
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 30s',
    '  timeout server 30s',
    // A check may take longer than its interval (a replica just started, a busy machine): that is slow, not down.
    '  timeout check 2s',
    // Retry a request whose connection failed, on another replica: a safety net the rolling restart
    // must not need (the test asserts that no retry happened).
    '  retries 2',
    '  option redispatch',
    '  retry-on conn-failure empty-response response-timeout',
    'frontend gateway',
    `  bind unix@${join(dir, 'lb.sock')}`,
    `  default_backend ${BACKEND}`,
    `backend ${BACKEND}`,
    '  log global',
    '  balance roundrobin',
    '  option httpchk GET /readyz',
    '  http-check expect status 200',
    `  default-server inter ${checkIntervalMs}ms fall 1 rise 1`,
    ...servers.map(({ name, url }) => `  server ${name} ${new URL(url).host} check`),
  ];
  return `${lines.join('\n')}\n`;
}

/** One command on the admin socket; resolves with its whole answer. */
function adminCommand(socketPath: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.once('end', () => resolve(answer));
    socket.once('error', reject);
    socket.end(`${command}\n`);
  });
}

/** `show stat` as one record per proxy/server row, keyed by the CSV header's names. */
async function showStat(socketPath: string): Promise<Array<Record<string, string>>> {
  const [header, ...rows] = (await adminCommand(socketPath, 'show stat')).trim().split('\n');
  const names = (header ?? '').replace(/^# /, '').split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((value, index) => [names[index] ?? String(index), value])));
}

/** Starts HAProxy in front of `servers`; resolves once its frontend socket accepts connections. */
export async function startHaproxy(dir: string, servers: HaproxyServer[], checkIntervalMs: number): Promise<Haproxy> {
  const configPath = join(dir, 'haproxy.cfg');
  writeFileSync(configPath, configText(dir, servers, checkIntervalMs));
  const child: ChildProcess = spawn(HAPROXY_PATH, ['-f', configPath, '-db'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    for (const listener of listeners) listener();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Lines already handed out, per server and state, so that each wait sees a new change.
  const seen = new Map<string, number>();
  const nextChange = (server: string, state: 'UP' | 'DOWN') =>
    new Promise<string>((resolve, reject) => {
      const key = `${server} ${state}`;
      const check = () => {
        // HAProxy prints each change twice (its warning, then the log line); the log line starts the line.
        const lines = stderr.split('\n').filter((line) => line.startsWith(`Server ${BACKEND}/${server} is ${state}`));
        const line = lines[seen.get(key) ?? 0];
        if (line === undefined) return;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        listeners.delete(check);
        resolve(line);
      };
      listeners.add(check);
      check();
      void exited.then(() => reject(new Error(`HAProxy exited: ${stderr}`)));
    });
  const adminSocket = join(dir, 'admin.sock');
  await untilAccepting(join(dir, 'lb.sock'), exited, () => stderr);
  return {
    socketPath: join(dir, 'lb.sock'),
    nextChange,
    serverStats: async (server) => {
      const row = (await showStat(adminSocket)).find((entry) => entry.pxname === BACKEND && entry.svname === server);
      if (!row) throw new Error(`HAProxy has no server ${server}`);
      return row;
    },
    backendStats: async () => {
      const row = (await showStat(adminSocket)).find((entry) => entry.pxname === BACKEND && entry.svname === 'BACKEND');
      if (!row) throw new Error('HAProxy has no backend row');
      return row;
    },
    setAddress: async (server, url) => {
      const { hostname, port } = new URL(url);
      const answer = await adminCommand(adminSocket, `set server ${BACKEND}/${server} addr ${hostname} port ${port}`);
      if (!/changed|no need to change/i.test(answer)) throw new Error(`HAProxy refused the new address: ${answer}`);
    },
    stderr: () => stderr,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Resolves once `socketPath` accepts a connection; HAProxy binds it while it starts. */
async function untilAccepting(socketPath: string, exited: Promise<void>, stderr: () => string): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    if (gone) throw new Error(`HAProxy exited while starting: ${stderr()}`);
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = connect(socketPath);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (accepted) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
