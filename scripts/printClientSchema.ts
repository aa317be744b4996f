/**
 * `npm run schema:client [-- OUT_FILE]` writes the client schema (the API without federation: what Relay,
 * graphql-codegen's client preset and IDEs read) to schema.graphql at the repository root, or to OUT_FILE.
 * `npm run schema:client -- --check` only compares, and exits 1 when the committed file drifted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CLIENT_SCHEMA_FILE, clientSchemaFile } from '../src/schema/clientSchema';

const args = process.argv.slice(2);
const check = args.includes('--check');
const out = resolve(args.find((arg) => !arg.startsWith('--')) ?? join(__dirname, '..', CLIENT_SCHEMA_FILE));
const content = clientSchemaFile();

if (check) {
  let current = '';
  try {
    current = readFileSync(out, 'utf8');
  } catch {
    // a missing file is drift too
  }
  if (current !== content) {
    process.stderr.write(`${out} is out of date with schema/: run \`npm run schema:client\` and commit it.\n`);
    process.exit(1);
  }
  process.stdout.write(`${out} is up to date.\n`);
} else {
  writeFileSync(out, content);
  process.stdout.write(`Wrote the client schema to ${out}\n`);
}
