/**
 * One run's life, played for subscription tests over any transport: the subscription that watches it,
 * how a result reads as a state, and playRun, which moves the demo run through start, two batches, a
 * quiet poll and success, firing one poll after each step (the timer is fired by hand: nothing sleeps).
 */
import type { DemoUpstream } from '../../demo/src/server';
import type { DemoStore } from '../../demo/src/store';
import type { ManualPollTimer } from './manualPollTimer';
import type { SubscriptionReader } from './subscriptionClient';

export const RUN_UPDATED = `subscription Watch($sync: Int, $run: Int, $id: ID) {
  syncRunUpdated(syncDatabaseId: $sync, runDatabaseId: $run, id: $id) { databaseId status successfulRows failedRows totalRows }
}`;

export interface RunState {
  syncRunUpdated: { databaseId: number; status: string; successfulRows: number; failedRows: number; totalRows: number };
}

/** The states playRun goes through, as stateOf reads them. */
export const PLAYED_STATES = [
  ['PENDING', 0, 0, 0],
  ['IN_PROGRESS', 0, 0, 0],
  ['IN_PROGRESS', 10, 1, 11],
  ['IN_PROGRESS', 35, 1, 36],
  ['SUCCESS', 35, 1, 36],
];

/** A result as [status, successfulRows, failedRows, totalRows]. */
export function stateOf(result: { data?: RunState | null }) {
  const run = result.data?.syncRunUpdated;
  return run && [run.status, run.successfulRows, run.failedRows, run.totalRows];
}

/** `afterFirst` runs once every reader has its first result. */
export async function playRun(store: DemoStore, timer: ManualPollTimer, runId: number, readers: ReadonlyArray<SubscriptionReader<RunState>>, afterFirst?: () => void): Promise<void> {
  const step = async (change: (() => void) | undefined) => {
    change?.();
    await timer.fire();
    if (change) await Promise.all(readers.map((reader) => reader.next()));
  };
  await Promise.all(readers.map((reader) => reader.next()));
  afterFirst?.();
  await step(() => store.advanceRun(runId, { kind: 'start', totalQueryRows: 40 }));
  await step(() => store.advanceRun(runId, { kind: 'progress', successfulRows: 10, failedRows: 1 }));
  await step(undefined);
  await step(() => store.advanceRun(runId, { kind: 'progress', successfulRows: 25 }));
  await step(() => store.advanceRun(runId, { kind: 'finish', status: 'success' }));
  await Promise.all(readers.map((reader) => reader.completed));
}

/** The upstream requests for one run so far. */
export function runRequests(upstream: DemoUpstream, syncId: number, runId: number) {
  return upstream.requests.filter((entry) => entry.path === `/api/v1/syncs/${syncId}/sync_runs/${runId}`);
}

/**
 * Two subscribers of a new run leave one after the other (`subscribeTo` opens one over the transport
 * under test): the loop polls on after the first leaves, stops with the second, and a later change of
 * the run costs no upstream request.
 */
export async function expectPollingToStopWhenAllLeave(upstream: DemoUpstream, timer: ManualPollTimer, loopCount: () => number, subscribeTo: (runId: number) => SubscriptionReader<RunState>): Promise<void> {
  const run = upstream.store.insertRun(2);
  const [first, second] = [subscribeTo(run.id), subscribeTo(run.id)] as const;
  await Promise.all([first.next(), second.next()]);
  first.unsubscribe();
  await timer.fire();
  expect(timer.pendingCount).toBe(1);

  second.unsubscribe();
  await timer.until(() => timer.pendingCount === 0);
  const requests = runRequests(upstream, 2, run.id).length;
  expect(loopCount()).toBe(0);
  upstream.store.advanceRun(run.id, { kind: 'start' });
  await timer.fire();
  expect(runRequests(upstream, 2, run.id)).toHaveLength(requests);
}
