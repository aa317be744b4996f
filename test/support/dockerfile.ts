/**
 * Reads the repository's Dockerfile and .dockerignore the way Docker does, for the few instructions the
 * Dockerfile uses, so that tests can check the recipe statically and run its steps outside Docker
 * (test/support/imageRecipe.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Instruction {
  keyword: string;
  /** Everything after the keyword, continuation lines joined. */
  args: string;
}

export interface Stage {
  /** The FROM image, e.g. `node:20.20-bookworm-slim`. */
  image: string;
  /** The `AS` name, or the stage's index as a string. */
  name: string;
  instructions: Instruction[];
}

export interface CopyStep {
  /** The stage named by `--from`, or undefined for the build context. */
  from: string | undefined;
  sources: string[];
  destination: string;
}

const REPO_ROOT = join(__dirname, '..', '..');

export function readDockerfile(root = REPO_ROOT): Stage[] {
  return parseDockerfile(readFileSync(join(root, 'Dockerfile'), 'utf8'));
}

export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const line of logicalLines(text)) {
    const match = /^(\S+)\s+(.*)$/s.exec(line);
    if (!match) throw new Error(`Dockerfile line without arguments: ${line}`);
    const keyword = (match[1] as string).toUpperCase();
    const args = (match[2] as string).trim();
    if (keyword === 'FROM') {
      const [image = '', as, name] = args.split(/\s+/);
      stages.push({ image, name: as?.toUpperCase() === 'AS' && name ? name : String(stages.length), instructions: [] });
      continue;
    }
    const stage = stages[stages.length - 1];
    if (!stage) throw new Error(`Dockerfile instruction before FROM: ${line}`);
    stage.instructions.push({ keyword, args });
  }
  return stages;
}

/** Comments and blank lines dropped, backslash continuations joined (comment lines inside them too). */
function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || line === '') continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    lines.push(pending + line);
    pending = '';
  }
  if (pending) lines.push(pending.trim());
  return lines;
}

/** The instructions of one keyword in a stage, in order. */
export function argsOf(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
}

/** ENV lines in the `KEY=value` form (several per line), later ones winning. */
export function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const args of argsOf(stage, 'ENV')) {
    for (const pair of args.split(/\s+/)) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new Error(`ENV must use KEY=value pairs: ${args}`);
      env[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  return env;
}

export function parseCopy(args: string): CopyStep {
  const words = args.split(/\s+/);
  let from: string | undefined;
  while (words[0]?.startsWith('--')) {
    const flag = words.shift() as string;
    if (flag.startsWith('--from=')) from = flag.slice('--from='.length);
    else throw new Error(`COPY flag the tests do not emulate: ${flag}`);
  }
  const destination = words.pop();
  if (!destination || words.length === 0) throw new Error(`COPY needs a source and a destination: ${args}`);
  return { from, sources: words, destination };
}

/** An exec-form (JSON array) argument list, or undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((word): word is string => typeof word === 'string')) return undefined;
  return parsed;
}

/**
 * Whether .dockerignore keeps a context path (relative, `/`-separated) out of the build: the last
 * pattern that matches the path or one of its parent directories decides, `!` patterns re-include.
 */
export function createContextFilter(root = REPO_ROOT): (path: string) => boolean {
  const patterns = readFileSync(join(root, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => ({ include: line.startsWith('!'), regex: globToRegex(line.replace(/^!/, '').replace(/^\/+|\/+$/g, '')) }));
  return (path) => {
    const prefixes = path.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
    let ignored = false;
    for (const pattern of patterns) {
      if (prefixes.some((prefix) => pattern.regex.test(prefix))) ignored = !pattern.include;
    }
    return ignored;
  };
}

function globToRegex(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i] as string;
    if (char === '*' && glob[i + 1] === '*') {
      source += '.*';
      i += 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
