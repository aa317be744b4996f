/**
 * Apollo Client 4 with its defaults (HttpLink: POST, `application/graphql-response+json` preferred) and
 * `relayStylePagination` on a run's records, against the real gateway and demo upstream: `fetchMore`
 * walks the run's 420 records forward to the end, and a fresh cache walks them backward from the end.
 * The cache's merged list must hold every record exactly once, in the upstream's order, with the
 * pageInfo of a finished walk, so cursors, pageInfo and global ids are what Apollo's policy expects.
 */
import { ApolloClient, HttpLink, InMemoryCache, gql, type TypedDocumentNode } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { filter, firstValueFrom } from 'rxjs';
import { demoHeaders, startHarness, type Harness } from '../support/harness';
import { restAll } from '../support/rest';

/** A run of the demo upstream with hundreds of records (docs/demo-upstream.md). */
const SYNC_ID = 1;
const RUN_ID = 1025;
const PAGE_SIZE = 50;

interface RecordsPage {
  node: {
    __typename: 'SyncRun';
    id: string;
    records: {
      edges: Array<{ cursor: string; node: { id: string; databaseId: number } }>;
      pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
    };
  } | null;
}
interface RecordsVariables {
  id: string;
  first?: number;
  after?: string | null;
  last?: number;
  before?: string | null;
}

const RUN_RECORDS: TypedDocumentNode<RecordsPage, RecordsVariables> = gql`
  query RunRecords($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
    node(id: $id) {
      id
      ... on SyncRun {
        records(first: $first, after: $after, last: $last, before: $before) {
          edges { cursor node { id databaseId } }
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        }
      }
    }
  }
`;

let harness: Harness;
let runId: string;
let expectedIds: number[];

beforeAll(async () => {
  harness = await startHarness();
  const found = await harness.graphql<{ sync: { run: { id: string } } }>(`{ sync(databaseId: ${SYNC_ID}) { run(databaseId: ${RUN_ID}) { id } } }`);
  runId = found.body.data?.sync.run.id ?? '';
  expectedIds = (await restAll(harness.upstream.url, `/api/v1/syncs/${SYNC_ID}/sync_runs/${RUN_ID}/sync_records`)).map((record) => Number(record.id));
});
afterAll(() => harness.close());

function createClient(): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri: `${harness.url}/graphql`, headers: demoHeaders }),
    cache: new InMemoryCache({ typePolicies: { SyncRun: { fields: { records: relayStylePagination() } } } }),
  });
}

/**
 * Watches the query from `start`, then calls `fetchMore` with `next(pageInfo)` until it returns
 * undefined; returns the merged connection as the cache reads it, and the ids of each page fetched.
 */
async function walk(start: RecordsVariables, next: (pageInfo: NonNullable<RecordsPage['node']>['records']['pageInfo']) => RecordsVariables | undefined) {
  const client = createClient();
  const observable = client.watchQuery({ query: RUN_RECORDS, variables: start });
  const first = await firstValueFrom(observable.pipe(filter((result) => result.dataState === 'complete')));
  const pages = [first.data.node?.records.edges.map((edge) => edge.node.databaseId) ?? []];
  let pageInfo = first.data.node?.records.pageInfo;
  for (let more = pageInfo && next(pageInfo); more; more = pageInfo && next(pageInfo)) {
    const page = await observable.fetchMore({ variables: more });
    pages.push(page.data?.node?.records.edges.map((edge) => edge.node.databaseId) ?? []);
    pageInfo = page.data?.node?.records.pageInfo;
  }
  const merged = client.readQuery({ query: RUN_RECORDS, variables: start })?.node?.records;
  client.stop();
  return { pages, ids: merged?.edges.map((edge) => edge.node.databaseId), cursors: merged?.edges.map((edge) => edge.cursor), pageInfo: merged?.pageInfo };
}

describe('Apollo Client 4 with relayStylePagination', () => {
  it('has a run with hundreds of records to walk', () => {
    expect(runId).toMatch(/\S/);
    expect(expectedIds.length).toBeGreaterThanOrEqual(400);
  });

  it('walks a run\'s records forward with fetchMore to the end: each record once, in order, pageInfo closed at both ends', async () => {
    const result = await walk({ id: runId, first: PAGE_SIZE }, (pageInfo) => (pageInfo.hasNextPage ? { id: runId, first: PAGE_SIZE, after: pageInfo.endCursor } : undefined));
    expect(result.pages.map((page) => page.length)).toEqual(pageSizes(expectedIds.length));
    expect(result.pages.flat()).toEqual(expectedIds);
    expect(result.ids).toEqual(expectedIds);
    expect(result.pageInfo).toEqual({ __typename: 'PageInfo', hasNextPage: false, hasPreviousPage: false, startCursor: result.cursors?.[0], endCursor: result.cursors?.at(-1) });
    expect(new Set(result.cursors).size).toBe(expectedIds.length);
  });

  it('walks the same records backward from the end with last/before: each record once, in order, pageInfo closed at both ends', async () => {
    const result = await walk({ id: runId, last: PAGE_SIZE }, (pageInfo) => (pageInfo.hasPreviousPage ? { id: runId, last: PAGE_SIZE, before: pageInfo.startCursor } : undefined));
    expect(result.pages.map((page) => page.length)).toEqual(pageSizes(expectedIds.length));
    expect(result.pages.reverse().flat()).toEqual(expectedIds);
    expect(result.ids).toEqual(expectedIds);
    expect(result.pageInfo).toEqual({ __typename: 'PageInfo', hasNextPage: false, hasPreviousPage: false, startCursor: result.cursors?.[0], endCursor: result.cursors?.at(-1) });
  });
});

/** The page lengths a walk over `total` items by PAGE_SIZE sees, in the order fetched (either way, the short page comes last). */
function pageSizes(total: number): number[] {
  return Array.from({ length: Math.ceil(total / PAGE_SIZE) }, (_, page) => Math.min(PAGE_SIZE, total - page * PAGE_SIZE));
}
