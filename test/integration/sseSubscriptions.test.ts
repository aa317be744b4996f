/**
 * Subscriptions over GraphQL over Server-Sent Events (graphql-sse) on the gateway's own port and path,
 * with graphql-sse's own client, against the demo upstream over real sockets. The test moves the run
 * (DemoStore.advanceRun) and fires the poll timer by hand (test/support/manualPollTimer.ts): nothing sleeps.
 */
import type { Client } from 'graphql-sse';
import { DEMO_TOKEN, DEMO_WORKSPACE_ID, OTHER_TOKEN, VIEWER_TOKEN } from '../../demo/src/credentials';
import { startHarness, type Harness } from '../support/harness';
import { createManualPollTimer, type ManualPollTimer } from '../support/manualPollTimer';
import { postEventStream, sseClient } from '../support/sseClient';
import { subscribe, type SubscriptionReader } from '../support/subscriptionClient';

const RUN_UPDATED = `subscription Watch($sync: Int, $run: Int) {
  syncRunUpdated(syncDatabaseId: $sync, runDatabaseId: $run) { databaseId status successfulRows failedRows totalRows }
}`;
interface RunState {
  syncRunUpdated: { databaseId: number; status: string; successfulRows: number; failedRows: number; totalRows: number };
}

const demoHeaders = { Authorization: `Bearer ${DEMO_TOKEN}`, 'Workspace-Id': String(DEMO_WORKSPACE_ID) };

let harness: Harness;
let timer: ManualPollTimer;
const clients: Array<Pick<Client, 'dispose'>> = [];

beforeEach(async () => {
  timer = createManualPollTimer();
  harness = await startHarness({ subscriptionTimer: timer });
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.dispose();
  await harness.close();
});

function client(headers: Record<string, string> = demoHeaders, url = harness.url): Client {
  const made = sseClient(url, headers);
  clients.push(made);
  return made;
}

const runRequests = (syncId: number, runId: number) =>
  harness.upstream.requests.filter((entry) => entry.path === `/api/v1/syncs/${syncId}/sync_runs/${runId}`);

const stateOf = (result: { data?: RunState | null }) => {
  const run = result.data?.syncRunUpdated;
  return run && [run.status, run.successfulRows, run.failedRows, run.totalRows];
};

/**
 * Runs the run through start, two batches, a quiet poll and success, firing one poll after each step;
 * `afterFirst` runs once every reader has its first result.
 */
async function playRun(runId: number, readers: ReadonlyArray<SubscriptionReader<RunState>>, afterFirst?: () => void): Promise<void> {
  const step = async (change: (() => void) | undefined) => {
    change?.();
    await timer.fire();
    if (change) await Promise.all(readers.map((reader) => reader.next()));
  };
  await Promise.all(readers.map((reader) => reader.next()));
  afterFirst?.();
  await step(() => harness.upstream.store.advanceRun(runId, { kind: 'start', totalQueryRows: 40 }));
  await step(() => harness.upstream.store.advanceRun(runId, { kind: 'progress', successfulRows: 10, failedRows: 1 }));
  await step(undefined);
  await step(() => harness.upstream.store.advanceRun(runId, { kind: 'progress', successfulRows: 25 }));
  await step(() => harness.upstream.store.advanceRun(runId, { kind: 'finish', status: 'success' }));
  await Promise.all(readers.map((reader) => reader.completed));
}

describe('Subscription.syncRunUpdated over graphql-sse (distinct connections)', () => {
  it('emits the run at once, then each change of status or counters, and completes at success', async () => {
    const run = harness.upstream.store.insertRun(2);
    const reader = subscribe<RunState>(client(), RUN_UPDATED, { sync: 2, run: run.id });
    await playRun(run.id, [reader]);

    expect(reader.results.map(stateOf)).toEqual([
      ['PENDING', 0, 0, 0],
      ['IN_PROGRESS', 0, 0, 0],
      ['IN_PROGRESS', 10, 1, 11],
      ['IN_PROGRESS', 35, 1, 36],
      ['SUCCESS', 35, 1, 36],
    ]);
    expect(reader.results.every((result) => result.errors === undefined)).toBe(true);
    expect(harness.gateway.subscriptions.loopCount).toBe(0);
  });

  it('costs 100 SSE subscribers to one run exactly the upstream requests of one', async () => {
    const alone = harness.upstream.store.insertRun(2);
    await playRun(alone.id, [subscribe<RunState>(client(), RUN_UPDATED, { sync: 2, run: alone.id })]);
    const costOfOne = runRequests(2, alone.id).length;

    const shared = harness.upstream.store.insertRun(3);
    const readers = Array.from({ length: 100 }, () => subscribe<RunState>(client(), RUN_UPDATED, { sync: 3, run: shared.id }));
    let sharing: number[] = [];
    await playRun(shared.id, readers, () => (sharing = [harness.gateway.subscriptions.loopCount, harness.gateway.subscriptions.subscriberCount]));

    expect(sharing).toEqual([1, 100]);
    expect(costOfOne).toBe(6);
    expect(runRequests(3, shared.id)).toHaveLength(costOfOne);
    for (const reader of readers) expect(reader.results.map(stateOf)).toHaveLength(5);
  });
});
