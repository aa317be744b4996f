/**
 * `npm run schema:subgraph [-- OUT_FILE]` writes the subgraph SDL (what `_service { sdl }` serves) to
 * subgraph.graphql at the repository root, or to OUT_FILE, ready for a schema registry:
 *   rover subgraph publish <graph>@<variant> --name aisquared --schema subgraph.graphql --routing-url <url>
 * `npm run schema:subgraph -- --check` only compares, and exits 1 when the committed file drifted.
 */
import { SUBGRAPH_SDL_FILE, subgraphSdlFile } from '../src/federation/sdl';
import { writeOrCheckSchemaFile } from './schemaFileCli';

writeOrCheckSchemaFile({ fileName: SUBGRAPH_SDL_FILE, content: subgraphSdlFile(), what: 'the subgraph SDL', script: 'schema:subgraph' });
