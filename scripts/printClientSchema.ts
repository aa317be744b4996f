/**
 * `npm run schema:client [-- OUT_FILE]` writes the client schema (the API without federation: what Relay,
 * graphql-codegen's client preset and IDEs read) to schema.graphql at the repository root, or to OUT_FILE.
 * `npm run schema:client -- --check` only compares, and exits 1 when the committed file drifted.
 */
import { CLIENT_SCHEMA_FILE, clientSchemaFile } from '../src/schema/clientSchema';
import { writeOrCheckSchemaFile } from './schemaFileCli';

writeOrCheckSchemaFile({ fileName: CLIENT_SCHEMA_FILE, content: clientSchemaFile(), what: 'the client schema', script: 'schema:client' });
