/**
 * Subscription.syncUpdated over graphql-ws against the demo upstream: the sync at once, then on a status
 * change or a new latest run; polls fired by hand (test/support/manualPollTimer.ts), nothing sleeps.
 */
import type { Client } from 'graphql-ws/client';
import { DEMO_TOKEN, DEMO_WORKSPACE_ID } from '../../demo/src/credentials';
import { encodeGlobalId } from '../../src/globalId';
import { startHarness, type Harness } from '../support/harness';
import { createManualPollTimer, type ManualPollTimer } from '../support/manualPollTimer';
import { subscribe, wsClient } from '../support/subscriptionClient';

const SYNC_UPDATED = `subscription Watch($databaseId: Int, $id: ID) {
  syncUpdated(databaseId: $databaseId, id: $id) { databaseId status latestRun { databaseId status } }
}`;
interface SyncState {
  syncUpdated: { databaseId: number; status: string; latestRun: { databaseId: number; status: string } | null };
}

const demoParams = { Authorization: `Bearer ${DEMO_TOKEN}`, 'Workspace-Id': String(DEMO_WORKSPACE_ID) };

let harness: Harness;
let timer: ManualPollTimer;
let socket: Client;

beforeEach(async () => {
  timer = createManualPollTimer();
  harness = await startHarness({ subscriptionTimer: timer });
  socket = wsClient(harness.url, demoParams);
});
afterEach(async () => {
  await socket.dispose();
  await harness.close();
});

const stateOf = (result: { data?: SyncState | null }) => {
  const sync = result.data?.syncUpdated;
  return sync && [sync.status, sync.latestRun?.databaseId ?? null, sync.latestRun?.status ?? null];
};

const syncRequests = () => harness.upstream.requests.filter((entry) => entry.path.startsWith('/api/v1/syncs/2'));

describe('Subscription.syncUpdated over graphql-ws', () => {
  it('emits the sync at once, then on a new latest run or a status change, not on a run merely progressing', async () => {
    const readers = [subscribe<SyncState>(socket, SYNC_UPDATED, { databaseId: 2 }), subscribe<SyncState>(socket, SYNC_UPDATED, { id: encodeGlobalId({ type: 'Sync', syncId: 2 }) })];
    const first = await Promise.all(readers.map((reader) => reader.next()));
    const before = stateOf(first[0] as { data?: SyncState | null });

    const run = harness.upstream.store.insertRun(2);
    await timer.fire();
    await Promise.all(readers.map((reader) => reader.next()));
    harness.upstream.store.advanceRun(run.id, { kind: 'start' });
    await timer.fire();
    harness.upstream.store.updateSync(2, { status: 'disabled' });
    await timer.fire();
    await Promise.all(readers.map((reader) => reader.next()));

    for (const reader of readers) {
      expect(reader.results.map(stateOf)).toEqual([before, [before?.[0], run.id, 'PENDING'], ['DISABLED', run.id, 'IN_PROGRESS']]);
    }
    // Two subscribers, one loop: the sync and its latest run read once per poll (4 polls), nothing more.
    expect(syncRequests()).toHaveLength(8);
    expect(timer.waits).toEqual([2000, 2000, 4000, 2000]);
  });

  it('refuses a sync named both ways or neither with BAD_USER_INPUT, and an unknown one with NOT_FOUND', async () => {
    for (const variables of [{ databaseId: 2, id: encodeGlobalId({ type: 'Sync', syncId: 2 }) }, {}]) {
      const reader = subscribe<SyncState>(socket, SYNC_UPDATED, variables);
      await reader.completed;
      expect(reader.results.map((result) => result.errors?.map((error) => error.extensions?.code))).toEqual([['BAD_USER_INPUT']]);
    }
    const unknown = subscribe<SyncState>(socket, SYNC_UPDATED, { databaseId: 999999 });
    await unknown.completed;
    expect(unknown.results.map((result) => result.errors?.map((error) => error.extensions?.code))).toEqual([['NOT_FOUND']]);
    expect(harness.gateway.subscriptions.loopCount).toBe(0);
  });
});
