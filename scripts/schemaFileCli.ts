/**
 * The command line shared by the generated schema files (schema:subgraph, schema:client): write the
 * file, to its place at the repository root or to the path given, or with `--check` only compare and
 * exit 1 when the committed file drifted from schema/ (npm test runs the checks).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface SchemaFileCli {
  /** The file's name at the repository root. */
  fileName: string;
  content: string;
  /** What it is, for the messages ("the subgraph SDL"). */
  what: string;
  /** The npm script that writes it. */
  script: string;
}

export function writeOrCheckSchemaFile({ fileName, content, what, script }: SchemaFileCli, args: string[] = process.argv.slice(2)): void {
  const out = resolve(args.find((arg) => !arg.startsWith('--')) ?? join(__dirname, '..', fileName));
  if (!args.includes('--check')) {
    writeFileSync(out, content);
    process.stdout.write(`Wrote ${what} to ${out}\n`);
    return;
  }
  let current = '';
  try {
    current = readFileSync(out, 'utf8');
  } catch {
    // a missing file is drift too
  }
  if (current !== content) {
    process.stderr.write(`${out} is out of date with schema/: run \`npm run ${script}\` and commit it.\n`);
    process.exit(1);
  }
  process.stdout.write(`${out} is up to date.\n`);
}
