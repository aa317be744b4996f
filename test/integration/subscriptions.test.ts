/**
 * Subscription.syncRunUpdated over GraphQL over WebSocket (graphql-ws), against the demo upstream over
 * real sockets. The test moves the run (DemoStore.advanceRun) and fires the poll loop's timer by hand
 * (test/support/manualPollTimer.ts): nothing sleeps.
 */
import type { Client } from 'graphql-ws/client';
import { DEMO_TOKEN, DEMO_WORKSPACE_ID } from '../../demo/src/credentials';
import { encodeGlobalId } from '../../src/globalId';
import { startHarness, type Harness } from '../support/harness';
import { createManualPollTimer, type ManualPollTimer } from '../support/manualPollTimer';
import { expectPollingToStopWhenAllLeave, PLAYED_STATES, playRun, RUN_UPDATED, runRequests as runRequestsOf, stateOf, type RunState } from '../support/runPlay';
import { subscribe, wsClient } from '../support/subscriptionClient';

const demoParams = { Authorization: `Bearer ${DEMO_TOKEN}`, 'Workspace-Id': String(DEMO_WORKSPACE_ID) };
const VIEWER_TOKEN = 'viewer-token-8e1f4a37';
const OTHER_TENANT_TOKEN = 'other-admin-token-4b8e1d55';

let harness: Harness;
let timer: ManualPollTimer;
const clients: Client[] = [];

beforeEach(async () => {
  timer = createManualPollTimer();
  harness = await startHarness({ subscriptionTimer: timer });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
  await harness.close();
});

function client(params: Record<string, string> = demoParams, onClosed?: (code: number) => void): Client {
  const made = wsClient(harness.url, params, onClosed);
  clients.push(made);
  return made;
}

/** Upstream requests for the run so far. */
const runRequests = (syncId: number, runId: number) => runRequestsOf(harness.upstream, syncId, runId);

describe('Subscription.syncRunUpdated over graphql-ws', () => {
  it('emits the run at once, then each change of status or counters, and completes at success', async () => {
    const run = harness.upstream.store.insertRun(2);
    const reader = subscribe<RunState>(client(), RUN_UPDATED, { sync: 2, run: run.id });
    await playRun(harness.upstream.store, timer, run.id, [reader]);

    expect(reader.results.map(stateOf)).toEqual(PLAYED_STATES);
    expect(reader.results.every((result) => result.errors === undefined)).toBe(true);
    // Fast after each change, twice as long after the quiet poll; none after the final state.
    expect(timer.waits).toEqual([2000, 2000, 2000, 4000, 2000]);
    expect(harness.gateway.subscriptions.loopCount).toBe(0);
  });

  it('names the run by its global id too, and ends a failed run with its last state', async () => {
    const run = harness.upstream.store.insertRun(2);
    harness.upstream.store.advanceRun(run.id, { kind: 'start' });
    const reader = subscribe<RunState>(client(), RUN_UPDATED, { id: encodeGlobalId({ type: 'SyncRun', syncId: 2, runId: run.id }) });
    expect(stateOf(await reader.next())).toEqual(['IN_PROGRESS', 0, 0, 0]);
    harness.upstream.store.advanceRun(run.id, { kind: 'finish', status: 'failed' });
    await timer.fire();
    await reader.completed;
    expect(reader.results.map(stateOf)).toEqual([
      ['IN_PROGRESS', 0, 0, 0],
      ['FAILED', 0, 0, 0],
    ]);
  });

  it('costs 100 subscribers to one run exactly the upstream requests of one', async () => {
    const alone = harness.upstream.store.insertRun(2);
    await playRun(harness.upstream.store, timer, alone.id, [subscribe<RunState>(client(), RUN_UPDATED, { sync: 2, run: alone.id })]);
    const costOfOne = runRequests(2, alone.id).length;

    const shared = harness.upstream.store.insertRun(3);
    const sockets = Array.from({ length: 5 }, () => client());
    const readers = Array.from({ length: 100 }, (_, index) => subscribe<RunState>(sockets[index % 5] as Client, RUN_UPDATED, { sync: 3, run: shared.id }));
    await playRun(harness.upstream.store, timer, shared.id, readers);

    expect(costOfOne).toBe(6);
    expect(runRequests(3, shared.id)).toHaveLength(costOfOne);
    for (const reader of readers) expect(reader.results.map(stateOf)).toHaveLength(5);
  });

  it('stops polling once the last subscriber leaves', async () => {
    await expectPollingToStopWhenAllLeave(harness.upstream, timer, () => harness.gateway.subscriptions.loopCount, (runId) =>
      subscribe<RunState>(client(), RUN_UPDATED, { sync: 2, run: runId }),
    );
  });

  it('keeps two callers watching the same run apart: one loop each, each with its own credentials', async () => {
    const run = harness.upstream.store.insertRun(2);
    const admin = subscribe<RunState>(client(), RUN_UPDATED, { sync: 2, run: run.id });
    const viewer = subscribe<RunState>(client({ ...demoParams, Authorization: `Bearer ${VIEWER_TOKEN}` }), RUN_UPDATED, { sync: 2, run: run.id });
    await Promise.all([admin.next(), viewer.next()]);
    expect(harness.gateway.subscriptions.loopCount).toBe(2);
    expect(runRequests(2, run.id).map((entry) => entry.headers.authorization).sort()).toEqual([`Bearer ${DEMO_TOKEN}`, `Bearer ${VIEWER_TOKEN}`]);

    const otherTenant = subscribe<RunState>(client({ Authorization: `Bearer ${OTHER_TENANT_TOKEN}`, 'Workspace-Id': '3' }), RUN_UPDATED, { sync: 2, run: run.id });
    const refused = await otherTenant.next();
    await otherTenant.completed;
    expect(refused.data).toBeNull();
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(JSON.stringify(refused)).not.toContain('other-admin');
  });

  it('closes the socket with 4403 when connection_init carries no usable token', async () => {
    for (const params of [{}, { Authorization: 'Token nope' }] as Array<Record<string, string>>) {
      let closedWith: number | undefined;
      const reader = subscribe<RunState>(client(params, (code) => (closedWith = code)), RUN_UPDATED, { sync: 2, run: 1 });
      await expect(reader.completed).rejects.toBeDefined();
      expect(closedWith).toBe(4403);
    }
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('refuses a run named both ways, or half named, with BAD_USER_INPUT before any upstream request', async () => {
    const socket = client();
    const id = encodeGlobalId({ type: 'SyncRun', syncId: 2, runId: 1 });
    for (const variables of [{ sync: 2, run: 1, id }, {}, { sync: 2 }]) {
      const reader = subscribe<RunState>(socket, RUN_UPDATED, variables);
      await reader.completed;
      // graphql-ws sends a subscription that could not start as one result with the errors, then completes.
      expect(reader.results).toEqual([{ errors: [expect.objectContaining({ message: expect.stringMatching(/^Give (either|both) /), extensions: { code: 'BAD_USER_INPUT' } })] }]);
    }
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('passes an upstream error on with its code, keeps polling, and emits the run again once it reads', async () => {
    const run = harness.upstream.store.insertRun(2);
    const reader = subscribe<RunState>(client(), RUN_UPDATED, { sync: 2, run: run.id });
    await reader.next();
    harness.upstream.answerNext({ kind: 'unparsable-body' });
    await timer.fire();
    const failed = await reader.next();
    expect(failed.errors).toEqual([expect.objectContaining({ extensions: { code: 'UPSTREAM_ERROR' } })]);
    expect(JSON.stringify(failed)).not.toContain(harness.upstream.url);

    harness.upstream.store.advanceRun(run.id, { kind: 'start' });
    await timer.fire();
    expect(stateOf(await reader.next())).toEqual(['IN_PROGRESS', 0, 0, 0]);
    // The failed poll counted as a quiet one: the wait doubled, then fell back after the change.
    expect(timer.waits).toEqual([2000, 4000, 2000]);
  });

  it('ends the subscription when the API refuses the token (UNAUTHENTICATED), with no token in the answer', async () => {
    const reader = subscribe<RunState>(client({ Authorization: 'Bearer revoked-token-0000', 'Workspace-Id': '1' }), RUN_UPDATED, { sync: 2, run: 1 });
    const refused = await reader.next();
    await reader.completed;
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(JSON.stringify(refused)).not.toContain('revoked-token');
    expect(harness.gateway.subscriptions.loopCount).toBe(0);
    expect(timer.pendingCount).toBe(0);
  });

  it('completes every subscription when the gateway stops', async () => {
    // A gateway of its own (on the same upstream): stop() is what SIGTERM ends with, and runs once.
    const stopping = await startHarness({ subscriptionTimer: timer, upstream: harness.upstream });
    const run = harness.upstream.store.insertRun(2);
    let closedWith: number | undefined;
    const socket = wsClient(stopping.url, demoParams, (code) => (closedWith = code));
    const readers = [1, 2, 3].map(() => subscribe<RunState>(socket, RUN_UPDATED, { sync: 2, run: run.id }));
    await Promise.all(readers.map((reader) => reader.next()));
    await stopping.gateway.stop();
    // Each subscription completes (not an error), then the socket closes with 1001 Going Away.
    await Promise.all(readers.map((reader) => reader.completed));
    expect(closedWith).toBe(1001);
    expect(stopping.gateway.subscriptions.loopCount).toBe(0);
    expect(timer.pendingCount).toBe(0);
  });

  it('answers a subscription sent as a plain HTTP request with BAD_USER_INPUT', async () => {
    const response = await harness.graphql(RUN_UPDATED, { sync: 2, run: 1 });
    expect(response.body.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(response.body.errors?.[0]?.message).toMatch(/^Subscriptions are served over WebSocket \(the graphql-ws protocol\) or Server-Sent Events /);
    expect(harness.upstream.requests).toHaveLength(0);
  });
});
