/**
 * The container image. These machines cannot pull base images, so the Dockerfile is checked twice:
 * statically (base image, user, command, health check), and by running its own COPY and RUN steps in a
 * temporary directory (test/support/imageRecipe.ts) and starting the result as the image's CMD would,
 * with the image's ENV and nothing from this checkout: no tsx, no dev dependencies, no source.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoUpstream, type DemoUpstream } from '../../demo/src/server';
import { argsOf, createContextFilter, envOf, execForm, readDockerfile } from '../support/dockerfile';
import { demoHeaders } from '../support/harness';
import { buildImage, type BuiltImage } from '../support/imageRecipe';

describe('the Dockerfile', () => {
  const stages = readDockerfile();
  const final = stages[stages.length - 1]!;

  it('builds every stage on the official Node 20 slim image, pinned to a minor version', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.image).toMatch(/^node:20\.\d+(\.\d+)?-(bookworm|bullseye)-slim$/);
    expect(new Set(stages.map((stage) => stage.image)).size).toBe(1);
  });

  it('runs the final stage as the node user in production mode, with node itself as the exec-form command', () => {
    expect(argsOf(final, 'USER')).toEqual(['node']);
    expect(envOf(final)).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0' });
    expect(argsOf(final, 'EXPOSE')).toEqual([envOf(final).PORT]);
    expect(argsOf(final, 'CMD').map(execForm)).toEqual([['node', 'dist/index.js']]);
  });

  it('checks health with node on /healthz, since slim images have no curl', () => {
    const [healthcheck] = argsOf(final, 'HEALTHCHECK');
    const command = execForm((healthcheck ?? '').replace(/^.*?\bCMD\s+/, ''));
    expect(command?.[0]).toBe('node');
    expect(command?.join(' ')).toContain('/healthz');
  });

  it('keeps dependencies, builds, tests, git data and local env files out of the build context', () => {
    const ignored = createContextFilter();
    const kept = ['package.json', 'package-lock.json', 'src/index.ts', 'schema/sync.graphql', 'demo/src/server.ts'];
    const left = ['node_modules', 'node_modules/graphql/index.js', 'dist/index.js', '.git/HEAD', 'test/deploy/image.test.ts', 'demo/test/server.test.ts', '.env', 'docs/deploy.md'];
    expect({ kept: kept.filter(ignored), left: left.filter((path) => !ignored(path)) }).toEqual({ kept: [], left: [] });
  });
});

describe('the image built by the Dockerfile\'s steps', () => {
  let image: BuiltImage;
  let upstream: DemoUpstream;
  beforeAll(async () => {
    const started = performance.now();
    // The upstream first, on its own: were it started alongside a build that fails, it would never be
    // assigned, never closed, and would keep jest from exiting.
    upstream = await startDemoUpstream();
    image = await buildImage();
    // The build's cost, for whoever wonders why this file takes its time.
    process.stdout.write(`image steps: ${Math.round(performance.now() - started)} ms\n  ${image.timings.join('\n  ')}\n`);
  }, 180_000);
  afterAll(async () => {
    image?.remove();
    await upstream?.close();
  });

  let running: ImageProcess | undefined;
  afterEach(() => {
    if (running?.child.exitCode === null) running.child.kill('SIGKILL');
    running = undefined;
  });

  it('installs the production dependencies only: no tsx, TypeScript or test tools', () => {
    const modules = join(image.appDir, 'node_modules');
    expect(['graphql', '@apollo/server', 'undici', 'pino', 'graphiql'].filter((name) => !existsSync(join(modules, name)))).toEqual([]);
    expect(['tsx', 'typescript', 'jest', '@swc/core', 'esbuild'].filter((name) => existsSync(join(modules, name)))).toEqual([]);
    expect(existsSync(join(image.appDir, 'src'))).toBe(false);
  });

  it('serves /healthz and a query with the caller\'s credentials, loads no demo code, writes nothing, and exits 0 on SIGTERM', async () => {
    const before = listFiles(image.appDir);
    const gateway = (running = await startImageProcess(image, { AISQUARED_API_URL: upstream.url, NODE_DEBUG: 'module' }));
    const health = await fetch(`${gateway.origin}/healthz`);
    expect({ status: health.status, body: await health.json() }).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await runHealthcheck(image, gateway.port)).toBe(0);

    upstream.clearLog();
    const response = await fetch(`${gateway.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...demoHeaders },
      body: JSON.stringify({ query: '{ workspaces { databaseId } }' }),
    });
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 200,
      body: { data: { workspaces: [{ databaseId: 1 }, { databaseId: 2 }] } },
    });
    expect(upstream.requests.map((r) => `${r.method} ${r.path} ${r.headers.authorization}`)).toEqual([`GET /api/v1/workspaces ${demoHeaders.authorization}`]);

    gateway.child.kill('SIGTERM');
    expect(await gateway.exited).toBe(0);
    expect(await runHealthcheck(image, gateway.port)).toBe(1);
    const loaded = modulesLoaded(gateway.stderr());
    expect({ entry: loaded.some((path) => path.endsWith('/dist/embeddedDemo.js')), demo: loaded.filter((path) => path.includes('/dist/demo/')) }).toEqual({ entry: true, demo: [] });
    expect({ files: listFiles(image.appDir), home: readdirSync(gateway.home) }).toEqual({ files: before, home: [] });
  });

  it('stops with exit code 2 and the reason in one line when production has no AISQUARED_API_URL', async () => {
    const gateway = (running = startImage(image, {}));
    expect(await gateway.exited).toBe(2);
    expect({ stdout: gateway.stdout(), stderr: gateway.stderr() }).toEqual({
      stdout: '',
      stderr:
        'Invalid configuration:\n' +
        "- AISQUARED_API_URL must be set to the AI Squared API's base URL (e.g. https://api.squared.ai): NODE_ENV is production, so the embedded demo upstream does not start.\n",
    });
  });

  it('starts the compiled demo upstream when DEMO_UPSTREAM=true, with the credentials its banner prints', async () => {
    const gateway = (running = await startImageProcess(image, { DEMO_UPSTREAM: 'true', NODE_DEBUG: 'module' }));
    const banner = /Authorization: Bearer (\S+)\n\s+Workspace-Id: (\d+)/.exec(gateway.stdout());
    expect(banner?.slice(1)).toEqual([demoHeaders.authorization.replace('Bearer ', ''), demoHeaders['workspace-id']]);
    const response = await fetch(`${gateway.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...demoHeaders },
      body: JSON.stringify({ query: '{ workspaces { databaseId } }' }),
    });
    expect(await response.json()).toEqual({ data: { workspaces: [{ databaseId: 1 }, { databaseId: 2 }] } });
    expect(modulesLoaded(gateway.stderr()).some((path) => path.endsWith('/dist/demo/embedded.js'))).toBe(true);
    gateway.child.kill('SIGTERM');
    expect(await gateway.exited).toBe(0);
  });
});

/** The HOME directories given to the processes, removed after the last test. */
const homes: string[] = [];
afterAll(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

interface ImageProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  /** An empty directory given as HOME and TMPDIR: the process must leave it empty. */
  home: string;
  stdout(): string;
  stderr(): string;
}

/** The image's CMD with the image's ENV plus `env` (what `docker run -e` adds), on a loopback port of its choice. */
function startImage(image: BuiltImage, env: Record<string, string>): ImageProcess {
  const home = mkdtempSync(join(tmpdir(), 'gateway-home-'));
  const [command, ...args] = image.cmd;
  const child = spawn(command === 'node' ? process.execPath : (command as string), args, {
    cwd: image.appDir,
    env: { ...image.env, HOST: '127.0.0.1', PORT: '0', HOME: home, TMPDIR: home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  homes.push(home);
  return { child, exited, home, stdout: () => stdout, stderr: () => stderr };
}

/** Starts the image and resolves once its banner names the endpoint. */
async function startImageProcess(image: BuiltImage, env: Record<string, string>): Promise<ImageProcess & { origin: string; port: number }> {
  const started = startImage(image, env);
  const origin = await new Promise<string>((resolve, reject) => {
    started.child.stdout!.on('data', () => {
      const match = /Endpoint:\s+POST (http:\/\/\S+)\/graphql/.exec(started.stdout());
      if (match) resolve(match[1] as string);
    });
    void started.exited.then((code) => reject(new Error(`the image's process exited with ${code} before listening: ${started.stderr().slice(-2000)}`)));
  });
  return { ...started, origin, port: Number(new URL(origin).port) };
}

/** The HEALTHCHECK's command, run as Docker runs it: in the container's environment, with its PORT. */
function runHealthcheck(image: BuiltImage, port: number): Promise<number | null> {
  const [command, ...args] = image.healthcheck;
  const child = spawn(command === 'node' ? process.execPath : (command as string), args, { env: { ...image.env, PORT: String(port) }, stdio: 'ignore' });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** The files node's module loader read, from its NODE_DEBUG=module lines. */
function modulesLoaded(debugOutput: string): string[] {
  return [...debugOutput.matchAll(/^MODULE \d+: load "([^"]+)"/gm)].map((match) => match[1] as string);
}

/** Every file under `dir` with its size and modification time, node_modules included. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((path) => {
      const stat = statSync(join(dir, path));
      return `${path} ${stat.size} ${stat.mtimeMs}`;
    });
}
