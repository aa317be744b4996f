/**
 * Runs the Dockerfile's steps outside Docker (these machines cannot pull base images): each stage gets
 * a directory standing for its root filesystem, COPY copies from the build context (filtered by
 * .dockerignore) or from another stage, RUN runs its commands there with the stage's ENV. Stages run
 * concurrently, as BuildKit runs them, a `COPY --from` waiting for its stage.
 *
 * Two RUN commands are emulated rather than run: the build stage's full `npm ci` links this checkout's
 * node_modules (installed from the same lockfile), and `npm cache clean` is skipped (it only slims the
 * image, and here it would empty this machine's cache). The production install really runs, with
 * `--prefer-offline`: it unpacks from the npm cache that the checkout's own `npm ci` filled, and asks the
 * registry only for a package the cache lacks (a cache older than the lockfile). Any other command
 * fails the build, so a new Dockerfile step cannot go untested.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, posix, relative, sep } from 'node:path';
import { argsOf, createContextFilter, envOf, execForm, parseCopy, readDockerfile, type Stage } from './dockerfile';

export interface BuiltImage {
  /** The final stage's WORKDIR on disk: where its CMD runs. */
  appDir: string;
  finalStage: Stage;
  /** The final stage's ENV. */
  env: Record<string, string>;
  cmd: string[];
  /** The HEALTHCHECK's exec-form command. */
  healthcheck: string[];
  /** One line per RUN step with how long it took, for the test's log. */
  timings: string[];
  remove(): void;
}

const REPO_ROOT = join(__dirname, '..', '..');

export async function buildImage(): Promise<BuiltImage> {
  const stages = readDockerfile();
  const finalStage = stages[stages.length - 1];
  if (!finalStage) throw new Error('the Dockerfile has no stage');
  const tmp = mkdtempSync(join(tmpdir(), 'gateway-image-'));
  const timings: string[] = [];
  const roots = new Map<string, Promise<string>>();
  try {
    for (const stage of stages) roots.set(stage.name, runStage(stage, join(tmp, `stage-${stage.name}`), roots, timings));
    await Promise.all(roots.values());
  } catch (error) {
    await Promise.allSettled(roots.values());
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
  const root = join(tmp, `stage-${finalStage.name}`);
  const workdir = argsOf(finalStage, 'WORKDIR').reduce((dir, next) => posix.resolve(dir, next), '/');
  const cmd = execForm(argsOf(finalStage, 'CMD').pop() ?? '');
  const healthcheck = execForm((argsOf(finalStage, 'HEALTHCHECK').pop() ?? '').replace(/^.*?\bCMD\s+/, ''));
  if (!cmd || !healthcheck) throw new Error('the final stage needs an exec-form CMD and HEALTHCHECK');
  return {
    appDir: join(root, workdir),
    finalStage,
    env: envOf(finalStage),
    cmd,
    healthcheck,
    timings,
    remove: () => rmSync(tmp, { recursive: true, force: true }),
  };
}

async function runStage(stage: Stage, root: string, roots: Map<string, Promise<string>>, timings: string[]): Promise<string> {
  mkdirSync(root, { recursive: true });
  const ignored = createContextFilter();
  let workdir = '/';
  const env: Record<string, string> = {};
  for (const { keyword, args } of stage.instructions) {
    const started = performance.now();
    if (keyword === 'WORKDIR') {
      workdir = posix.resolve(workdir, args);
      mkdirSync(join(root, workdir), { recursive: true });
    } else if (keyword === 'ENV') {
      Object.assign(env, envOf({ ...stage, instructions: [{ keyword, args }] }));
    } else if (keyword === 'COPY') {
      const step = parseCopy(args);
      const sourceRoot = step.from === undefined ? REPO_ROOT : await stageRoot(roots, step.from);
      const destination = join(root, posix.resolve(workdir, step.destination)) + (step.destination.endsWith('/') ? sep : '');
      for (const source of step.sources) copyInto(sourceRoot, source, destination, step.sources.length > 1, step.from === undefined ? ignored : undefined);
    } else if (keyword === 'RUN') {
      for (const command of args.split('&&').map((part) => part.trim())) await runCommand(command, join(root, workdir), env);
    }
    if (keyword === 'RUN') timings.push(`${stage.name}: RUN ${args} (${Math.round(performance.now() - started)} ms)`);
  }
  return root;
}

async function stageRoot(roots: Map<string, Promise<string>>, name: string): Promise<string> {
  const root = roots.get(name);
  if (!root) throw new Error(`COPY --from=${name}: no earlier stage has that name`);
  return root;
}

/** Docker's COPY: a directory's contents go into the destination; a file goes into it when it ends with `/`. */
function copyInto(sourceRoot: string, source: string, destination: string, many: boolean, ignored: ((path: string) => boolean) | undefined): void {
  const from = join(sourceRoot, source);
  if (ignored?.(source)) throw new Error(`COPY ${source}: .dockerignore keeps it out of the build context`);
  const target = statSync(from).isDirectory() || !(many || destination.endsWith(sep)) ? destination : join(destination, basename(from));
  const filter = ignored ? (path: string) => !ignored(relative(sourceRoot, path).split(sep).join('/')) : undefined;
  cpSync(from, target, { recursive: true, ...(filter ? { filter } : {}) });
}

async function runCommand(command: string, cwd: string, stageEnv: Record<string, string>): Promise<void> {
  if (command === 'npm cache clean --force') return;
  if (/^npm ci\b/.test(command) && !/--omit=dev\b/.test(command)) {
    symlinkSync(realpathSync(join(REPO_ROOT, 'node_modules')), join(cwd, 'node_modules'), 'dir');
    return;
  }
  if (/^npm ci\b/.test(command)) return exec(`${command} --prefer-offline`, cwd, stageEnv);
  if (/^npm run [\w:-]+$/.test(command)) return exec(command, cwd, stageEnv);
  throw new Error(`the image test does not know how to run this Dockerfile command: ${command}`);
}

function exec(command: string, cwd: string, stageEnv: Record<string, string>): Promise<void> {
  // Jest's NODE_ENV=test must not leak into a stage; the stage's own ENV applies.
  const { NODE_ENV: _jestEnv, ...inherited } = process.env;
  const child = spawn('sh', ['-c', command], { cwd, env: { ...inherited, ...stageEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`"${command}" exited with ${code}:\n${output.slice(-3000)}`))));
  });
}
