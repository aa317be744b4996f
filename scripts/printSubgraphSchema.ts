/**
 * `npm run schema:subgraph [-- OUT_FILE]` writes the subgraph SDL (what `_service { sdl }` serves) to
 * subgraph.graphql at the repository root, or to OUT_FILE, ready for a schema registry:
 *   rover subgraph publish <graph>@<variant> --name aisquared --schema subgraph.graphql --routing-url <url>
 * `npm run schema:subgraph -- --check` only compares, and exits 1 when the committed file drifted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SUBGRAPH_SDL_FILE, subgraphSdlFile } from '../src/federation/sdl';

const args = process.argv.slice(2);
const check = args.includes('--check');
const out = resolve(args.find((arg) => !arg.startsWith('--')) ?? join(__dirname, '..', SUBGRAPH_SDL_FILE));
const content = subgraphSdlFile();

if (check) {
  let current = '';
  try {
    current = readFileSync(out, 'utf8');
  } catch {
    // a missing file is drift too
  }
  if (current !== content) {
    process.stderr.write(`${out} is out of date with schema/: run \`npm run schema:subgraph\` and commit it.\n`);
    process.exit(1);
  }
  process.stdout.write(`${out} is up to date.\n`);
} else {
  writeFileSync(out, content);
  process.stdout.write(`Wrote the subgraph SDL to ${out}\n`);
}
