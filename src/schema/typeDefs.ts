/**
 * The one source of the schema's SDL: schema/*.graphql, expanded by the Relay conventions. The running
 * subgraph, subgraph.graphql and graphql-codegen (through codegen/schema.graphql) all read it from here.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse, print, type DocumentNode } from 'graphql';
import { expandRelayConventions } from './relayConventions';

export const SCHEMA_DIR = join(__dirname, '..', '..', 'schema');

/** The SDL of `dir` as written, in file-name order, as one document. */
export function readSchemaFiles(dir = SCHEMA_DIR): DocumentNode {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.graphql'))
    .sort();
  return parse(files.map((name) => readFileSync(join(dir, name), 'utf8')).join('\n'));
}

/** The SDL of `dir` with the Relay conventions applied: the schema the subgraph is built from. */
export function loadTypeDefs(dir = SCHEMA_DIR): DocumentNode {
  return expandRelayConventions(readSchemaFiles(dir));
}

/** `loadTypeDefs(dir)` as SDL text. */
export function printTypeDefs(dir = SCHEMA_DIR): string {
  return `${print(loadTypeDefs(dir))}\n`;
}
