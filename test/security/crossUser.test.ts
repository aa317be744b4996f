/**
 * Two callers with different tokens and workspaces, interleaved hundreds of times through one
 * gateway, their upstream requests overlapping (a response gate proves it). Each caller must get
 * exactly its own answer every time (the same as when it is alone), and every upstream request must
 * carry one caller's own token and workspace, never a mix, never a response served from another
 * request's loaders.
 */
import { DEMO_TOKEN, DEMO_WORKSPACE_ID, OTHER_TOKEN, OTHER_WORKSPACE_ID } from '../../demo/src/credentials';
import type { UpstreamRequestLogEntry } from '../../demo/src/server';
import { startHarness, type Harness } from '../support/harness';
import { dataOf, itemOf } from '../support/response';
import { restAll } from '../support/rest';

const PAIRS = 200;
const CONCURRENCY = 24;

const callers = {
  demo: { authorization: `Bearer ${DEMO_TOKEN}`, 'workspace-id': String(DEMO_WORKSPACE_ID) },
  other: { authorization: `Bearer ${OTHER_TOKEN}`, 'workspace-id': String(OTHER_WORKSPACE_ID) },
} as const;
type Caller = keyof typeof callers;

let harness: Harness;
let firstSync: Record<Caller, number>;
let query: string;
type MineData = {
  syncs: { totalCount: number; nodes: Array<{ databaseId: number; source: { workspaceId: number } }> };
  demoSync: unknown;
  otherSync: unknown;
};

beforeAll(async () => {
  harness = await startHarness();
  const firstOf = async (caller: Caller) => Number(itemOf(await restAll(harness.upstream.url, '/api/v1/syncs', {}, callers[caller]), 0, `the syncs of ${caller}`).id);
  firstSync = { demo: await firstOf('demo'), other: await firstOf('other') };
  // Both callers ask for both workspaces' first sync by id: each may only ever see its own.
  query = `query Mine {
    syncs(first: 4) { totalCount nodes { databaseId status source { workspaceId } runs(first: 2) { nodes { databaseId syncDatabaseId } } } }
    demoSync: sync(databaseId: ${firstSync.demo}) { databaseId }
    otherSync: sync(databaseId: ${firstSync.other}) { databaseId }
  }`;
});
afterAll(() => harness.close());

/** A gate's match that accepts the first `limit` upstream requests of each caller (by token). */
function perCaller(limit: number): (entry: UpstreamRequestLogEntry) => boolean {
  const counts = new Map<string, number>();
  return (entry) => {
    const token = entry.headers.authorization ?? '';
    const count = counts.get(token) ?? 0;
    if (count >= limit) return false;
    counts.set(token, count + 1);
    return true;
  };
}

/** Runs `tasks` with at most `limit` in flight. */
async function runBounded<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

it('gives each of two interleaved callers only its own data, and the upstream only matching credentials', async () => {
  // Alone first: what each caller must see, checked against the upstream's own answer.
  const alone = {} as Record<Caller, unknown>;
  const callsAlone = {} as Record<Caller, number>;
  for (const caller of ['demo', 'other'] as const) {
    const syncIds = (await restAll(harness.upstream.url, '/api/v1/syncs', {}, callers[caller])).map((sync) => Number(sync.id));
    harness.upstream.clearLog();
    const response = await harness.graphql<MineData>(query, undefined, callers[caller]);
    expect(response.body.errors).toBeUndefined();
    callsAlone[caller] = harness.upstream.requests.length;
    const data = dataOf(response);
    expect(data.syncs.nodes.map((node) => node.databaseId)).toEqual(syncIds.slice(0, 4));
    expect(data.syncs.totalCount).toBe(syncIds.length);
    expect(new Set(data.syncs.nodes.map((node) => node.source.workspaceId))).toEqual(new Set([Number(callers[caller]['workspace-id'])]));
    expect([data.demoSync, data.otherSync]).toEqual(caller === 'demo' ? [{ databaseId: firstSync.demo }, null] : [null, { databaseId: firstSync.other }]);
    alone[caller] = data;
  }
  expect(alone.demo).not.toEqual(alone.other);

  harness.upstream.clearLog();
  // Half the batch's upstream requests from each caller are answered only once all have arrived.
  const gate = harness.upstream.holdResponses(CONCURRENCY, { match: perCaller(CONCURRENCY / 2) });
  const order: Caller[] = Array.from({ length: PAIRS * 2 }, (_, i) => (i % 2 === 0 ? 'demo' : 'other'));
  const responses = await runBounded(
    order.map((caller) => () => harness.graphql(query, undefined, callers[caller])),
    CONCURRENCY,
  );
  const overlap = await gate.opened;

  // Every response is exactly the caller's own answer.
  const mismatches = responses.filter((response, i) => JSON.stringify(response.body) !== JSON.stringify({ data: alone[order[i] as Caller] }));
  expect(mismatches).toEqual([]);

  // The upstream saw each caller's token only with that caller's workspace, and as many requests as
  // each caller makes alone, times the number of its requests: nothing was shared between requests.
  const pairs = new Map<string, number>();
  for (const entry of harness.upstream.requests) {
    const key = `${entry.headers.authorization} | ${entry.headers['workspace-id']}`;
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
  }
  expect(Object.fromEntries(pairs)).toEqual({
    [`${callers.demo.authorization} | ${callers.demo['workspace-id']}`]: PAIRS * callsAlone.demo,
    [`${callers.other.authorization} | ${callers.other['workspace-id']}`]: PAIRS * callsAlone.other,
  });
  // The requests really overlapped: CONCURRENCY / 2 of each caller's were in flight at the same time.
  expect(overlap).toEqual({ filled: true, arrived: CONCURRENCY, expected: CONCURRENCY });
});
