/**
 * urql (@urql/core 6) exactly as its docs set it up: cacheExchange + fetchExchange, and the default
 * `preferGetMethod: 'within-url-limit'`, so queries go out as GET with no Content-Type and no preflight
 * header. The gateway must answer them (CSRF prevention accepts a request that carries the caller's
 * Authorization) and must see them as GET: the method is read from its own request log line.
 */
import { Writable } from 'node:stream';
import { Client, cacheExchange, fetchExchange, gql } from '@urql/core';
import { createLogger } from '../../src/logger';
import { demoHeaders, startHarness, type Harness } from '../support/harness';
import { restAll } from '../support/rest';

interface RequestLine {
  method: string;
  status: number;
  operationName?: string;
}

let harness: Harness;
/** Request log lines not yet taken by a test, and the tests waiting for one. */
const arrived: RequestLine[] = [];
const waiting: Array<(line: RequestLine) => void> = [];

beforeAll(async () => {
  const destination = new Writable({
    write(chunk, _encoding, done) {
      const entry = JSON.parse(String(chunk)) as RequestLine & { msg: string };
      if (entry.msg === 'graphql request') {
        const waiter = waiting.shift();
        if (waiter) waiter(entry);
        else arrived.push(entry);
      }
      done();
    },
  });
  harness = await startHarness({ logger: createLogger({ destination }) });
});
afterAll(() => harness.close());

/** The gateway's next request log line (it is written when the response closes). */
function nextRequestLine(): Promise<RequestLine> {
  const line = arrived.shift();
  return line ? Promise.resolve(line) : new Promise((resolve) => waiting.push(resolve));
}

function createClient(): Client {
  return new Client({ url: `${harness.url}/graphql`, exchanges: [cacheExchange, fetchExchange], fetchOptions: { headers: demoHeaders } });
}

const SYNCS = gql`
  query Syncs($first: Int) {
    syncs(first: $first) {
      totalCount
      nodes { id databaseId status }
    }
  }
`;

describe('urql with its default exchanges and GET for queries', () => {
  it('queries syncs over GET, without Content-Type or a preflight header, and gets them', async () => {
    const result = await createClient().query(SYNCS, { first: 3 }).toPromise();
    expect(result.error).toBeUndefined();
    const expectedIds = (await restAll(harness.upstream.url, '/api/v1/syncs')).slice(0, 3).map((sync) => Number(sync.id));
    expect(result.data).toEqual({
      syncs: { __typename: 'SyncConnection', totalCount: 36, nodes: expectedIds.map((databaseId) => ({ __typename: 'Sync', id: expect.any(String), databaseId, status: expect.any(String) })) },
    });
    expect(await nextRequestLine()).toMatchObject({ method: 'GET', status: 200, operationName: 'Syncs' });
  });

  it('answers the same query from its document cache the second time, without a request', async () => {
    const client = createClient();
    const first = await client.query(SYNCS, { first: 2 }).toPromise();
    expect(await nextRequestLine()).toMatchObject({ method: 'GET', status: 200 });
    const again = await client.query(SYNCS, { first: 2 }).toPromise();
    expect(again.data).toEqual(first.data);
    expect(again.operation.context.meta?.cacheOutcome).toBe('hit');
    expect(arrived).toEqual([]);
  });

  it('reads a validation error from the GET\'s 400 answer as a GraphQL error, not a network error', async () => {
    const result = await createClient().query(gql`query Broken { syncs(first: 1) { notAField } }`, {}).toPromise();
    expect(result.error?.networkError).toBeUndefined();
    expect(result.error?.graphQLErrors.map((error) => [error.extensions.code, error.message])).toEqual([
      ['GRAPHQL_VALIDATION_FAILED', 'Cannot query field "notAField" on type "SyncConnection".'],
    ]);
    expect(await nextRequestLine()).toMatchObject({ method: 'GET', status: 400 });
  });
});
