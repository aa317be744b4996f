/**
 * Runs a TypeScript code block of README.md or docs/federation.md as printed, so the router setups they
 * show cannot rot. A
 * block is found by the HTML comment `<!-- snippet: name -->` on the line before its fence; it is
 * transpiled (types dropped, nothing else changed) and run with the real packages, except for the
 * modules and environment a test substitutes (the supergraph file, the CLI's `defineConfig`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInThisContext } from 'node:vm';
import { ModuleKind, ScriptTarget, transpileModule } from 'typescript';

const ROOT = join(__dirname, '..', '..');
/** Where the router setups are printed. */
const DOCUMENTS = ['README.md', join('docs', 'federation.md')];

/** The code of the fenced block marked `<!-- snippet: name -->` in one of DOCUMENTS; throws when there is none. */
export function documentedSnippet(name: string): string {
  const marker = `<!-- snippet: ${name} -->`;
  for (const document of DOCUMENTS) {
    const text = readFileSync(join(ROOT, document), 'utf8');
    const at = text.indexOf(marker);
    if (at < 0) continue;
    const block = /^\s*```[a-z]*\n([\s\S]*?)\n```/.exec(text.slice(at + marker.length));
    if (!block?.[1]) throw new Error(`No fenced code block follows ${marker} in ${document}`);
    return block[1];
  }
  throw new Error(`No document has ${marker}`);
}

export interface SnippetScope {
  /** Modules the snippet imports that the test replaces (by specifier); every other import is the real one. */
  modules?: Record<string, unknown>;
  /** What the snippet sees as `process.env`. */
  env?: Record<string, string>;
  /** Receives what the snippet logs (nothing is printed). */
  log?: (line: string) => void;
}

/** Runs the snippet (top-level await allowed) and resolves to what it exports. */
export async function runSnippet(code: string, scope: SnippetScope = {}): Promise<Record<string, unknown>> {
  const { outputText } = transpileModule(code, { compilerOptions: { module: ModuleKind.CommonJS, target: ScriptTarget.ES2022, esModuleInterop: true } });
  const exports: Record<string, unknown> = {};
  const load = (specifier: string): unknown => (scope.modules && specifier in scope.modules ? scope.modules[specifier] : require(specifier));
  const fakeProcess = { env: { ...scope.env } };
  const log = (...parts: unknown[]) => scope.log?.(parts.map(String).join(' '));
  const fakeConsole = { log, info: log, warn: log, error: log };
  const run = runInThisContext(`(async (require, exports, process, console) => {\n${outputText}\n})`) as (
    require: (specifier: string) => unknown,
    exports: Record<string, unknown>,
    process: { env: Record<string, string> },
    console: typeof fakeConsole,
  ) => Promise<void>;
  await run(load, exports, fakeProcess, fakeConsole);
  return exports;
}
