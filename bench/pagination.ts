/**
 * `npm run bench:pagination`: how many upstream requests (and how much time) one connection window costs,
 * for window sizes 1, 10, 25 and 100, against the demo upstream over real loopback HTTP, compared
 * with what a fixed-page walker (per_page = 10, the upstream's default) would need for the same answer.
 */
import { startHarness, type Harness } from '../test/support/harness';
import { dataOf } from '../test/support/response';

const SIZES = [1, 10, 25, 100];
const REPETITIONS = 30;

interface Scenario {
  name: string;
  /** Arguments of `records(...)` given the window size and a cursor helper. */
  args: (n: number, cursorAt: (offset: number) => string) => string;
  selectTotal: boolean;
  /** Requests a fixed-page walker needs for the same answer. */
  walker: (n: number, total: number) => number;
}

const FIXED = 10;
/**
 * Fixed pages overlapping [start, end), plus one more when hasNextPage must be learned and the window
 * ends on a page edge (the walker cannot trust `next`, which points past the last page).
 */
const walkerPages = (start: number, end: number, total: number, learnNext = true) => {
  const lastNeeded = Math.min(end, total) - 1;
  let pages = lastNeeded < start ? 1 : Math.floor(lastNeeded / FIXED) - Math.floor(start / FIXED) + 1;
  if (learnNext && end < total && end % FIXED === 0) pages += 1;
  return pages;
};

const scenarios: Scenario[] = [
  { name: 'first n', args: (n) => `first: ${n}`, selectTotal: false, walker: (n, total) => walkerPages(0, n, total) },
  { name: 'first n + totalCount', args: (n) => `first: ${n}`, selectTotal: true, walker: (n, total) => walkerPages(0, n, total) + (n < total ? 1 : 0) },
  { name: 'first n after offset 137', args: (n, c) => `first: ${n}, after: "${c(137)}"`, selectTotal: false, walker: (n, total) => walkerPages(138, 138 + n, total) },
  { name: 'last n (end of list)', args: (n) => `last: ${n}`, selectTotal: false, walker: (n, total) => 1 + walkerPages(total - n, total, total) },
  { name: 'last n before offset 200', args: (n, c) => `last: ${n}, before: "${c(200)}"`, selectTotal: false, walker: (n, total) => walkerPages(200 - n, 200, total, false) },
];

async function main(): Promise<void> {
  // Finding the biggest run walks every sync's runs in one query: above the default cost and request caps.
  const harness = await startHarness({ env: { MAX_QUERY_COST: '100000', MAX_UPSTREAM_REQUESTS_PER_OPERATION: '100000' } });
  try {
    const { syncId, runId, total } = await biggestRun(harness);
    const cursors = await collectCursors(harness, syncId, runId, 220);
    const cursorAt = (offset: number) => cursors[offset]!;
    process.stdout.write(`Run ${runId} of sync ${syncId}: ${total} records (demo upstream, loopback HTTP, ${REPETITIONS} repetitions)\n\n`);
    process.stdout.write('| window | scenario | gateway requests | fixed-page walker | median ms | p95 ms |\n|---|---|---|---|---|---|\n');
    for (const n of SIZES) {
      for (const scenario of scenarios) {
        const query = `{ sync(databaseId: ${syncId}) { run(databaseId: ${runId}) { records(${scenario.args(n, cursorAt)}) { ${scenario.selectTotal ? 'totalCount' : ''} pageInfo { hasNextPage hasPreviousPage } nodes { databaseId } } } } }`;
        const times: number[] = [];
        let requests = 0;
        for (let i = 0; i < REPETITIONS; i += 1) {
          harness.upstream.clearLog();
          const started = performance.now();
          const response = await harness.graphql(query);
          times.push(performance.now() - started);
          if (response.body.errors) throw new Error(JSON.stringify(response.body.errors));
          requests = harness.upstream.requests.filter((r) => r.path.endsWith('/sync_records')).length;
        }
        times.sort((a, b) => a - b);
        const median = times[Math.floor(times.length / 2)]!;
        const p95 = times[Math.floor(times.length * 0.95)]!;
        process.stdout.write(`| ${n} | ${scenario.name} | ${requests} | ${scenario.walker(n, total)} | ${median.toFixed(1)} | ${p95.toFixed(1)} |\n`);
      }
    }
  } finally {
    await harness.close();
  }
}

async function biggestRun(harness: Harness): Promise<{ syncId: number; runId: number; total: number }> {
  type Data = { syncs: { nodes: Array<{ databaseId: number; runs: { nodes: Array<{ databaseId: number; records: { totalCount: number } }> } }> } };
  const response = await harness.graphql<Data>(`{ syncs(first: 100) { nodes { databaseId runs(first: 100) { nodes { databaseId records(first: 0) { totalCount } } } } } }`);
  let best = { syncId: 0, runId: 0, total: -1 };
  for (const sync of dataOf(response).syncs.nodes) {
    for (const run of sync.runs.nodes) {
      if (run.records.totalCount > best.total) best = { syncId: sync.databaseId, runId: run.databaseId, total: run.records.totalCount };
    }
  }
  return best;
}

async function collectCursors(harness: Harness, syncId: number, runId: number, count: number): Promise<string[]> {
  type Data = { sync: { run: { records: { edges: Array<{ cursor: string }> } } } };
  const response = await harness.graphql<Data>(`{ sync(databaseId: ${syncId}) { run(databaseId: ${runId}) { records(first: 100) { edges { cursor } } } } }`);
  const cursors: string[] = dataOf(response).sync.run.records.edges.map((e: { cursor: string }) => e.cursor);
  while (cursors.length < count) {
    const next = await harness.graphql<Data>(`{ sync(databaseId: ${syncId}) { run(databaseId: ${runId}) { records(first: 100, after: "${cursors[cursors.length - 1]}") { edges { cursor } } } } }`);
    const edges = dataOf(next).sync.run.records.edges;
    if (edges.length === 0) break;
    cursors.push(...edges.map((e) => e.cursor));
  }
  return cursors;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
