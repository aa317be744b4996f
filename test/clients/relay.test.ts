/**
 * relay-compiler 21 against schema.graphql, the client schema (it refuses subgraph.graphql: it cannot read
 * `extend schema @link(...)`), in a temporary project with a relay.config.json: `@connection` and
 * `@refetchable` fragments on a Node type and on Query compile, and the artifacts are written. Then
 * relay-runtime runs the compiled refetch query (`node(id:)`) page after page against the gateway, as
 * usePaginationFragment's loadNext would, and its connection handler merges the pages in the store.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  Environment,
  Network,
  RecordSource,
  Store,
  createOperationDescriptor,
  fetchQuery,
  getSelector,
  type ConcreteRequest,
  type GraphQLResponse,
  type OperationType,
  type ReaderFragment,
  type RequestParameters,
  type Variables,
} from 'relay-runtime';
import { CLIENT_SCHEMA_FILE } from '../../src/schema/clientSchema';
import { demoHeaders, startHarness, type Harness } from '../support/harness';
import { restAll } from '../support/rest';

const RELAY_COMPILER = join(__dirname, '..', '..', 'node_modules', 'relay-compiler', 'linux-x64', 'relay');
const SCHEMA = join(__dirname, '..', '..', CLIENT_SCHEMA_FILE);
/** A run of the demo upstream with hundreds of records (docs/demo-upstream.md). */
const SYNC_ID = 1;
const RUN_ID = 1025;
const PAGE_SIZE = 50;

const RUN_RECORDS = `
const { graphql } = require('relay-runtime');
graphql\`
  fragment RunRecords_run on SyncRun
  @refetchable(queryName: "RunRecordsPaginationQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: ${PAGE_SIZE} }, cursor: { type: "String" }) {
    databaseId
    records(first: $count, after: $cursor) @connection(key: "RunRecords_records") {
      totalCount
      edges { node { id databaseId status } }
    }
  }
\`;
graphql\`
  query RunRecordsQuery($sync: Int!, $run: Int!) {
    sync(databaseId: $sync) { run(databaseId: $run) { ...RunRecords_run } }
  }
\`;
`;

const SYNC_LIST = `
const { graphql } = require('relay-runtime');
graphql\`
  fragment SyncList_query on Query
  @refetchable(queryName: "SyncListPaginationQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 10 }, cursor: { type: "String" }) {
    syncs(last: $count, before: $cursor) @connection(key: "SyncList_syncs") {
      edges { node { id databaseId status model { name } latestRun { status startedAt } } }
    }
  }
\`;
graphql\`
  query SyncListQuery { ...SyncList_query }
\`;
`;

let harness: Harness;
let project: string;
let compiled: { stdout: string; stderr: string };

beforeAll(async () => {
  harness = await startHarness();
  project = await mkdtemp(join(tmpdir(), 'relay-client-'));
  await mkdir(join(project, 'src'));
  // JavaScript artifacts (CommonJS) so that the test can load them as they are.
  await writeFile(join(project, 'relay.config.json'), JSON.stringify({ src: './src', schema: SCHEMA, language: 'javascript', eagerEsModules: false }));
  await writeFile(join(project, 'src', 'RunRecords.js'), RUN_RECORDS);
  await writeFile(join(project, 'src', 'SyncList.js'), SYNC_LIST);
  compiled = await promisify(execFile)(RELAY_COMPILER, ['relay.config.json'], { cwd: project });
});
afterAll(async () => {
  await rm(project, { recursive: true, force: true });
  await harness.close();
});

/** A compiled artifact, loaded as the bundler of a Relay app would. */
function artifact<T>(name: string): T {
  return require(join(project, 'src', '__generated__', `${name}.graphql.js`)) as T;
}

/** relay-runtime with the network layer of Relay's docs: POST the operation's text and variables. */
function createEnvironment(): Environment {
  const fetchFn = async (params: RequestParameters, variables: Variables) => {
    const response = await fetch(`${harness.url}/graphql`, {
      method: 'POST',
      headers: { ...demoHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ query: params.text, variables }),
    });
    return (await response.json()) as GraphQLResponse;
  };
  return new Environment({ network: Network.create(fetchFn), store: new Store(new RecordSource()) });
}

interface RunRecordsData {
  id: string;
  databaseId: number;
  records: { totalCount: number; edges: Array<{ node: { databaseId: number } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

describe('relay-compiler 21 with schema.graphql', () => {
  it('compiles @connection and @refetchable fragments on SyncRun (forward) and on Query (backward), and writes every artifact', async () => {
    expect(compiled.stderr).not.toMatch(/ERROR|panicked/);
    expect((await readdir(join(project, 'src', '__generated__'))).sort()).toEqual(
      ['RunRecordsPaginationQuery', 'RunRecordsQuery', 'RunRecords_run', 'SyncListPaginationQuery', 'SyncListQuery', 'SyncList_query'].map((name) => `${name}.graphql.js`),
    );
    // A refetchable fragment on a Node type is refetched through Query.node, by global id.
    expect(artifact<ConcreteRequest>('RunRecordsPaginationQuery').params.text).toMatch(/^query RunRecordsPaginationQuery\(\s*\$count: Int = 50\s*\$cursor: String\s*\$id: ID!\s*\) \{\s*node\(id: \$id\) \{/);
  });

  it('pages a run\'s records with the compiled refetch query until the end, the store merging each page once, in order', async () => {
    const expected = (await restAll(harness.upstream.url, `/api/v1/syncs/${SYNC_ID}/sync_runs/${RUN_ID}/sync_records`)).map((record) => Number(record.id));
    const environment = createEnvironment();
    const query = artifact<ConcreteRequest>('RunRecordsQuery');
    const operation = createOperationDescriptor(query, { sync: SYNC_ID, run: RUN_ID });
    environment.retain(operation);
    await fetchQuery<OperationType>(environment, query, operation.request.variables).toPromise();
    const root = environment.lookup(operation.fragment).data as { sync: { run: unknown } };
    const selector = getSelector(artifact<ReaderFragment>('RunRecords_run'), root.sync.run);
    const read = () => environment.lookup(selector as Parameters<Environment['lookup']>[0]).data as unknown as RunRecordsData;

    const pagination = artifact<ConcreteRequest>('RunRecordsPaginationQuery');
    let pages = 1;
    for (let current = read(); current.records.pageInfo.hasNextPage; current = read()) {
      const variables = { id: current.id, count: PAGE_SIZE, cursor: current.records.pageInfo.endCursor };
      environment.retain(createOperationDescriptor(pagination, variables));
      await fetchQuery<OperationType>(environment, pagination, variables).toPromise();
      pages += 1;
    }
    const done = read();
    expect({ databaseId: done.databaseId, totalCount: done.records.totalCount, pages }).toEqual({ databaseId: RUN_ID, totalCount: expected.length, pages: Math.ceil(expected.length / PAGE_SIZE) });
    expect(done.records.edges.map((edge) => edge.node.databaseId)).toEqual(expected);
  });
});
