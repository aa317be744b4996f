/**
 * The dashboard mutations (triggerSyncRun, cancelSyncRun, setSyncEnabled) over real HTTP: at most one
 * upstream write each (never retried, never de-duplicated), the payload read back fresh after the
 * write, the upstream's 424 answers as FAILED_PRECONDITION, a read-only role told which permission it
 * lacks, setSyncEnabled idempotent (also when it loses a race), a trigger that starts no run, and bad
 * input refused before any request. Every test gets a fresh demo upstream, because these tests change its data.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_TOKEN, DEMO_WORKSPACE_ID, OTHER_WORKSPACE_ID, VIEWER_NO_RECORDS_TOKEN, VIEWER_TOKEN } from '../../demo/src/credentials';
import type { ResponseGate, UpstreamRequestLogEntry } from '../../demo/src/server';
import { demoHeaders, startHarness, type Harness } from '../support/harness';
import { requestLines } from '../support/requestLog';
import { dataOf, defined, firstOf, lastOf } from '../support/response';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

// Seeded scenarios of workspace 1 (demo/src/scenarios.ts: fixed for every seed).
const INTERVAL_SYNC = 1;
const IDLE_MANUAL_SYNC = 2;
const RUNNING_MANUAL_SYNC = 3;
const DISABLED_MANUAL_SYNC = 4;
const FAILED_CRON_SYNC = 5;
/** A manual sync whose workflow never starts: a trigger is accepted and no run appears. */
const NO_WORKFLOW_SYNC = 8;
const viewerHeaders = { authorization: `Bearer ${VIEWER_TOKEN}`, 'workspace-id': '1' };

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const runGlobalId = (syncId: number, runId: number) => Buffer.from(`SyncRun:${syncId}:${runId}`).toString('base64url');
const failure = (path: string[], code: string, message: string) => ({ message, locations: expect.any(Array), path, extensions: { code } });

/** The request log split at each write: [write, ...the reads that followed it, sorted]. */
function segments(): string[][] {
  const out: string[][] = [];
  for (const line of requestLines(h.upstream)) {
    if (!line.startsWith('GET ') || out.length === 0) out.push([line]);
    else lastOf(out).push(line);
  }
  return out.map(([write, ...reads]) => [defined(write, 'the write'), ...reads.sort()]);
}

const TRIGGER = `mutation Trigger($input: TriggerSyncRunInput!) {
  triggerSyncRun(input: $input) {
    clientMutationId
    sync { id databaseId status }
    run { id databaseId syncDatabaseId status isActive runType startedAt }
  }
}`;

const CANCEL = `mutation Cancel($input: CancelSyncRunInput!) {
  cancelSyncRun(input: $input) {
    clientMutationId
    sync { id databaseId status }
    run { id databaseId status isActive finishedAt }
  }
}`;

const TOGGLE = `mutation Toggle($input: SetSyncEnabledInput!) {
  setSyncEnabled(input: $input) {
    clientMutationId
    sync { id databaseId status updatedAt }
  }
}`;

it('acts on the seeded scenarios it expects', () => {
  const store = h.upstream.store;
  const describe = (id: number) => {
    const sync = defined(store.getSync(id), `sync ${id}`);
    return [id, sync.workspaceId, sync.scheduleType, sync.status, store.findActiveRun(id)?.status ?? null];
  };
  expect([INTERVAL_SYNC, IDLE_MANUAL_SYNC, RUNNING_MANUAL_SYNC, DISABLED_MANUAL_SYNC].map(describe)).toEqual([
    [1, DEMO_WORKSPACE_ID, 'interval', 'healthy', null],
    [2, DEMO_WORKSPACE_ID, 'manual', 'healthy', null],
    [3, DEMO_WORKSPACE_ID, 'manual', 'pending', 'in_progress'],
    [4, DEMO_WORKSPACE_ID, 'manual', 'disabled', null],
  ]);
});

describe('triggerSyncRun', () => {
  it('starts a run of an idle manual sync and returns the sync and the new run', async () => {
    const runsBefore = h.upstream.store.listRuns(IDLE_MANUAL_SYNC).map((run) => run.id);
    const response = await h.graphql(TRIGGER, { input: { syncId: 'U3luYzoy', clientMutationId: 'run-now-1' } });

    const newRun = firstOf(h.upstream.store.listRuns(IDLE_MANUAL_SYNC), 'the runs of the idle sync');
    expect(runsBefore).not.toContain(newRun.id);
    expect(h.upstream.store.listRuns(IDLE_MANUAL_SYNC)).toHaveLength(runsBefore.length + 1);
    expect(response.body).toEqual({
      data: {
        triggerSyncRun: {
          clientMutationId: 'run-now-1',
          sync: { id: 'U3luYzoy', databaseId: 2, status: 'HEALTHY' },
          run: {
            id: runGlobalId(2, newRun.id),
            databaseId: newRun.id,
            syncDatabaseId: 2,
            status: 'PENDING',
            isActive: true,
            runType: 'GENERAL',
            startedAt: null,
          },
        },
      },
    });
    // One write first, then the two reads of the payload (sent together).
    expect(segments()).toEqual([['POST /api/v1/schedule_syncs', 'GET /api/v1/syncs/2', 'GET /api/v1/syncs/2/sync_runs?page=1&per_page=1']]);
    const write = firstOf(h.upstream.requests);
    expect(write.body).toEqual({ schedule_sync: { sync_id: 2 } });
    expect(write.headers).toMatchObject({ authorization: `Bearer ${DEMO_TOKEN}`, 'workspace-id': '1', 'content-type': 'application/json' });
    expect(write.status).toBe(200);
  });

  it('accepts the sync as syncDatabaseId, and costs exactly one request when only clientMutationId is selected', async () => {
    const response = await h.graphql(`mutation { triggerSyncRun(input: { syncDatabaseId: 2, clientMutationId: "c-7" }) { clientMutationId } }`);
    expect(response.body).toEqual({ data: { triggerSyncRun: { clientMutationId: 'c-7' } } });
    expect(requestLines(h.upstream)).toEqual(['POST /api/v1/schedule_syncs']);
    expect(h.upstream.store.findActiveRun(IDLE_MANUAL_SYNC)?.status).toBe('pending');
  });

  it('echoes a missing clientMutationId as null', async () => {
    const response = await h.graphql(`mutation { triggerSyncRun(input: { syncDatabaseId: 2 }) { clientMutationId } }`);
    expect(response.body).toEqual({ data: { triggerSyncRun: { clientMutationId: null } } });
  });

  it('shows the new run in a follow-up query as the latest, active run', async () => {
    const before = await h.graphql<{ sync: { runs: { totalCount: number } } }>(`{ sync(databaseId: 2) { runs(first: 0) { totalCount } } }`);
    const trigger = await h.graphql<{ triggerSyncRun: { run: { databaseId: number } } }>(`mutation { triggerSyncRun(input: { syncDatabaseId: 2 }) { run { databaseId } } }`);
    const newRunId = dataOf(trigger).triggerSyncRun.run.databaseId;
    const after = await h.graphql(`{ sync(databaseId: 2) {
      latestRun { databaseId status isActive }
      runs(first: 1) { totalCount nodes { databaseId } }
      active: runs(status: PENDING, first: 5) { nodes { databaseId } }
    } }`);
    expect(after.body).toEqual({
      data: {
        sync: {
          latestRun: { databaseId: newRunId, status: 'PENDING', isActive: true },
          runs: { totalCount: dataOf(before).sync.runs.totalCount + 1, nodes: [{ databaseId: newRunId }] },
          active: { nodes: [{ databaseId: newRunId }] },
        },
      },
    });
  });

  it.each([
    [RUNNING_MANUAL_SYNC, 'A run of this sync is already active; wait for it to finish or cancel it first.'],
    [DISABLED_MANUAL_SYNC, 'The sync is disabled; enable it before running or canceling it.'],
    [INTERVAL_SYNC, 'Only syncs with a manual schedule can be run or canceled on demand.'],
  ])('answers FAILED_PRECONDITION for sync %i after one refused write, and changes nothing', async (syncId, message) => {
    const runsBefore = h.upstream.store.listRuns(syncId).map((run) => run.id);
    const response = await h.graphql(TRIGGER, { input: { syncDatabaseId: syncId } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { triggerSyncRun: null }, errors: [failure(['triggerSyncRun'], 'FAILED_PRECONDITION', message)] });
    expect(requestLines(h.upstream)).toEqual(['POST /api/v1/schedule_syncs']);
    expect(firstOf(h.upstream.requests).status).toBe(424);
    expect(h.upstream.store.listRuns(syncId).map((run) => run.id)).toEqual(runsBefore);
  });

  it('sends two writes for two identical triggers in one request: the second finds the first run active', async () => {
    const response = await h.graphql(`mutation {
      a: triggerSyncRun(input: { syncDatabaseId: 2 }) { run { status } }
      b: triggerSyncRun(input: { syncDatabaseId: 2 }) { run { status } }
    }`);
    expect(response.body).toEqual({
      data: { a: { run: { status: 'PENDING' } }, b: null },
      errors: [failure(['b'], 'FAILED_PRECONDITION', 'A run of this sync is already active; wait for it to finish or cancel it first.')],
    });
    expect(segments()).toEqual([
      ['POST /api/v1/schedule_syncs', 'GET /api/v1/syncs/2/sync_runs?page=1&per_page=1'],
      ['POST /api/v1/schedule_syncs'],
    ]);
    expect(h.upstream.requests.map((entry) => entry.status)).toEqual([200, 200, 424]);
  });

  it('answers NOT_FOUND for a sync that does not exist or belongs to another workspace', async () => {
    const foreignSync = firstOf(h.upstream.store.listSyncs(OTHER_WORKSPACE_ID), "the other workspace's syncs").id;
    const response = await h.graphql(`mutation {
      missing: triggerSyncRun(input: { syncId: "U3luYzo5OTk5OTk" }) { clientMutationId }
      foreign: triggerSyncRun(input: { syncDatabaseId: ${foreignSync} }) { clientMutationId }
    }`);
    expect(response.body).toEqual({
      data: { missing: null, foreign: null },
      errors: [
        failure(['missing'], 'NOT_FOUND', 'Sync 999999 does not exist in this workspace.'),
        failure(['foreign'], 'NOT_FOUND', `Sync ${foreignSync} does not exist in this workspace.`),
      ],
    });
    expect(requestLines(h.upstream)).toEqual(['POST /api/v1/schedule_syncs', 'POST /api/v1/schedule_syncs']);
    expect(h.upstream.requests.map((entry) => entry.status)).toEqual([404, 404]);
  });

  it.each([
    ['a viewer', viewerHeaders],
    ['a reader without records', { authorization: `Bearer ${VIEWER_NO_RECORDS_TOKEN}`, 'workspace-id': '1' }],
  ])('answers FORBIDDEN naming the "create" permission when %s triggers, and starts nothing', async (_who, headers) => {
    const runsBefore = h.upstream.store.listRuns(IDLE_MANUAL_SYNC).length;
    const response = await h.graphql(`mutation { triggerSyncRun(input: { syncDatabaseId: 2 }) { clientMutationId } }`, undefined, headers);
    expect(response.body).toEqual({
      data: { triggerSyncRun: null },
      errors: [failure(['triggerSyncRun'], 'FORBIDDEN', 'Your role in this workspace may not start runs: that needs the "create" permission on syncs.')],
    });
    expect(requestLines(h.upstream)).toEqual(['POST /api/v1/schedule_syncs']);
    expect(h.upstream.store.listRuns(IDLE_MANUAL_SYNC)).toHaveLength(runsBefore);
  });

  it('answers UNAUTHENTICATED without a bearer token, before any request', async () => {
    const response = await h.graphql(`mutation { triggerSyncRun(input: { syncDatabaseId: 2 }) { clientMutationId } }`, undefined, {
      'workspace-id': '1',
    });
    expect({ status: response.status, body: response.body }).toEqual({
      status: 401,
      body: { errors: [{ message: 'Send an "Authorization: Bearer <token>" header to query the AI Squared API.', extensions: { code: 'UNAUTHENTICATED' } }] },
    });
    expect(h.upstream.requests).toHaveLength(0);
  });
});

describe('triggerSyncRun when no run starts', () => {
  it('says runPending: false when the new run is found', async () => {
    const response = await h.graphql(`mutation { triggerSyncRun(input: { syncDatabaseId: 2 }) { run { status } runPending } }`);
    expect(response.body).toEqual({ data: { triggerSyncRun: { run: { status: 'PENDING' }, runPending: false } } });
  });

  it('answers run: null and runPending: true when the API accepts the trigger but starts no run', async () => {
    const response = await h.graphql(`mutation { triggerSyncRun(input: { syncDatabaseId: ${NO_WORKFLOW_SYNC} }) {
      sync { databaseId latestRun { databaseId } } run { databaseId } runPending
    } }`);
    expect(response.body).toEqual({
      data: { triggerSyncRun: { sync: { databaseId: NO_WORKFLOW_SYNC, latestRun: null }, run: null, runPending: true } },
    });
    expect(h.upstream.store.listRuns(NO_WORKFLOW_SYNC)).toEqual([]);
    expect(h.upstream.requests.map((entry) => `${entry.method} ${entry.path} ${entry.status}`).sort()).toEqual([
      'GET /api/v1/syncs/8 200',
      'GET /api/v1/syncs/8/sync_runs 200',
      'POST /api/v1/schedule_syncs 200',
    ]);
  });

  it('costs one run page for run and runPending together', async () => {
    await h.graphql(`mutation { triggerSyncRun(input: { syncDatabaseId: ${NO_WORKFLOW_SYNC} }) { run { databaseId } runPending } }`);
    expect(requestLines(h.upstream)).toEqual(['POST /api/v1/schedule_syncs', 'GET /api/v1/syncs/8/sync_runs?page=1&per_page=1']);
  });
});

describe('cancelSyncRun', () => {
  it('cancels the active run and returns the sync and the canceled run', async () => {
    const active = defined(h.upstream.store.findActiveRun(RUNNING_MANUAL_SYNC), 'the active run');
    const response = await h.graphql(CANCEL, { input: { syncId: 'U3luYzoz', clientMutationId: 'cancel-1' } });

    const canceled = defined(h.upstream.store.getRun(active.id), 'the canceled run');
    expect(canceled.status).toBe('canceled');
    expect(canceled.finishedAt).not.toBeNull();
    expect(response.body).toEqual({
      data: {
        cancelSyncRun: {
          clientMutationId: 'cancel-1',
          sync: { id: 'U3luYzoz', databaseId: 3, status: 'PENDING' },
          run: { id: runGlobalId(3, active.id), databaseId: active.id, status: 'CANCELED', isActive: false, finishedAt: iso(canceled.finishedAt) },
        },
      },
    });
    expect(segments()).toEqual([['DELETE /api/v1/schedule_syncs/3', 'GET /api/v1/syncs/3', 'GET /api/v1/syncs/3/sync_runs?page=1&per_page=1']]);
    expect(firstOf(h.upstream.requests).headers).toMatchObject({ authorization: `Bearer ${DEMO_TOKEN}`, 'workspace-id': '1' });
  });

  it('shows the cancellation in a follow-up query', async () => {
    const active = defined(h.upstream.store.findActiveRun(RUNNING_MANUAL_SYNC), 'the active run');
    await h.graphql(`mutation { cancelSyncRun(input: { syncDatabaseId: 3 }) { clientMutationId } }`);
    expect(requestLines(h.upstream)).toEqual(['DELETE /api/v1/schedule_syncs/3']);
    const after = await h.graphql(`{ sync(databaseId: 3) {
      latestRun { databaseId status isActive }
      inProgress: runs(status: IN_PROGRESS, first: 5) { totalCount }
      run(databaseId: ${active.id}) { status }
    } }`);
    expect(after.body).toEqual({
      data: { sync: { latestRun: { databaseId: active.id, status: 'CANCELED', isActive: false }, inProgress: { totalCount: 0 }, run: { status: 'CANCELED' } } },
    });
  });

  it.each([
    [IDLE_MANUAL_SYNC, 'The sync has no active run to cancel.'],
    [DISABLED_MANUAL_SYNC, 'The sync is disabled; enable it before running or canceling it.'],
    [INTERVAL_SYNC, 'Only syncs with a manual schedule can be run or canceled on demand.'],
  ])('answers FAILED_PRECONDITION for sync %i after one refused write, and changes nothing', async (syncId, message) => {
    const runsBefore = JSON.stringify(h.upstream.store.listRuns(syncId));
    const response = await h.graphql(CANCEL, { input: { syncDatabaseId: syncId } });
    expect(response.body).toEqual({ data: { cancelSyncRun: null }, errors: [failure(['cancelSyncRun'], 'FAILED_PRECONDITION', message)] });
    expect(requestLines(h.upstream)).toEqual([`DELETE /api/v1/schedule_syncs/${syncId}`]);
    expect(firstOf(h.upstream.requests).status).toBe(424);
    expect(JSON.stringify(h.upstream.store.listRuns(syncId))).toBe(runsBefore);
  });

  it('answers FORBIDDEN naming the "delete" permission for a viewer, and cancels nothing', async () => {
    const active = defined(h.upstream.store.findActiveRun(RUNNING_MANUAL_SYNC), 'the active run');
    const response = await h.graphql(`mutation { cancelSyncRun(input: { syncDatabaseId: 3 }) { clientMutationId } }`, undefined, viewerHeaders);
    expect(response.body).toEqual({
      data: { cancelSyncRun: null },
      errors: [failure(['cancelSyncRun'], 'FORBIDDEN', 'Your role in this workspace may not cancel runs: that needs the "delete" permission on syncs.')],
    });
    expect(h.upstream.requests.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual(['DELETE /api/v1/schedule_syncs/3 403']);
    expect(h.upstream.store.getRun(active.id)?.status).toBe(active.status);
  });

  it('answers NOT_FOUND for an unknown sync after one request', async () => {
    const response = await h.graphql(CANCEL, { input: { syncDatabaseId: 999999 } });
    expect(response.body).toEqual({ data: { cancelSyncRun: null }, errors: [failure(['cancelSyncRun'], 'NOT_FOUND', 'Sync 999999 does not exist in this workspace.')] });
    expect(requestLines(h.upstream)).toEqual(['DELETE /api/v1/schedule_syncs/999999']);
  });
});

describe('setSyncEnabled', () => {
  /** The writes the upstream received (reads left out), with their status. */
  const writes = () => h.upstream.requests.filter((entry) => entry.method !== 'GET').map((entry) => `${entry.method} ${entry.path} ${entry.status}`);

  it('enables a disabled sync: reads it, sends one write, and returns the sync from its answer', async () => {
    const response = await h.graphql(TOGGLE, { input: { syncId: 'U3luYzo0', enabled: true, clientMutationId: 'on' } });
    const sync = defined(h.upstream.store.getSync(DISABLED_MANUAL_SYNC), 'the disabled sync');
    expect(sync.status).toBe('pending');
    expect(response.body).toEqual({
      data: { setSyncEnabled: { clientMutationId: 'on', sync: { id: 'U3luYzo0', databaseId: 4, status: 'PENDING', updatedAt: iso(sync.updatedAt) } } },
    });
    expect(requestLines(h.upstream)).toEqual(['GET /api/v1/syncs/4', 'PATCH /api/v1/syncs/4/enable']);
    const write = defined(h.upstream.requests[1], 'the write');
    expect(write.body).toEqual({ enable: true });
    expect(write.headers).toMatchObject({ 'workspace-id': '1', 'content-type': 'application/json' });
  });

  it('disables a sync: a follow-up query shows it DISABLED and first in the list, and "Run now" is refused', async () => {
    const response = await h.graphql<{ setSyncEnabled: { sync: unknown } }>(TOGGLE, { input: { syncDatabaseId: 2, enabled: false } });
    expect(dataOf(response).setSyncEnabled.sync).toMatchObject({ databaseId: 2, status: 'DISABLED' });
    expect(h.upstream.requests.map((entry) => entry.body)).toEqual([undefined, { enable: false }]);

    const list = await h.graphql(`{ syncs(first: 1) { nodes { databaseId status } } sync(databaseId: 2) { status } }`);
    expect(list.body).toEqual({ data: { syncs: { nodes: [{ databaseId: 2, status: 'DISABLED' }] }, sync: { status: 'DISABLED' } } });

    const trigger = await h.graphql(TRIGGER, { input: { syncDatabaseId: 2 } });
    expect(trigger.body).toEqual({
      data: { triggerSyncRun: null },
      errors: [failure(['triggerSyncRun'], 'FAILED_PRECONDITION', 'The sync is disabled; enable it before running or canceling it.')],
    });
  });

  // The upstream refuses these writes with a 400 (its state machine is not idempotent): no write is sent.
  it.each([
    [IDLE_MANUAL_SYNC, true, 'HEALTHY'],
    [FAILED_CRON_SYNC, true, 'FAILED'],
    [DISABLED_MANUAL_SYNC, false, 'DISABLED'],
  ])('returns sync %i as it is, with no write, when it already is enabled=%s', async (syncId, enabled, status) => {
    const before = JSON.stringify(h.upstream.store.getSync(syncId));
    const updatedAt = iso(defined(h.upstream.store.getSync(syncId), 'the sync').updatedAt);
    const response = await h.graphql(TOGGLE, { input: { syncDatabaseId: syncId, enabled } });
    expect(response.body).toEqual({
      data: { setSyncEnabled: { clientMutationId: null, sync: { id: expect.any(String), databaseId: syncId, status, updatedAt } } },
    });
    expect(requestLines(h.upstream)).toEqual([`GET /api/v1/syncs/${syncId}`]);
    expect(JSON.stringify(h.upstream.store.getSync(syncId))).toBe(before);
  });

  it('resets a FAILED sync only by switching it off and on again', async () => {
    const response = await h.graphql(`mutation {
      stillFailed: setSyncEnabled(input: { syncDatabaseId: ${FAILED_CRON_SYNC}, enabled: true }) { sync { status } }
      off: setSyncEnabled(input: { syncDatabaseId: ${FAILED_CRON_SYNC}, enabled: false }) { sync { status } }
      on: setSyncEnabled(input: { syncDatabaseId: ${FAILED_CRON_SYNC}, enabled: true }) { sync { status } }
    }`);
    expect(response.body).toEqual({ data: { stillFailed: { sync: { status: 'FAILED' } }, off: { sync: { status: 'DISABLED' } }, on: { sync: { status: 'PENDING' } } } });
    expect(writes()).toEqual(['PATCH /api/v1/syncs/5/enable 200', 'PATCH /api/v1/syncs/5/enable 200']);
  });

  it('sends one write per change, even for identical mutations in one request: the repeated one needs none', async () => {
    const response = await h.graphql(`mutation {
      off: setSyncEnabled(input: { syncDatabaseId: 2, enabled: false }) { sync { status } }
      offAgain: setSyncEnabled(input: { syncDatabaseId: 2, enabled: false }) { sync { status } }
      on: setSyncEnabled(input: { syncDatabaseId: 2, enabled: true }) { sync { status } }
    }`);
    expect(response.body).toEqual({
      data: { off: { sync: { status: 'DISABLED' } }, offAgain: { sync: { status: 'DISABLED' } }, on: { sync: { status: 'PENDING' } } },
    });
    // The first write's answer tells the later mutations the sync's state: no second read.
    expect(requestLines(h.upstream)).toEqual(['GET /api/v1/syncs/2', 'PATCH /api/v1/syncs/2/enable', 'PATCH /api/v1/syncs/2/enable']);
    expect(h.upstream.requests.map((entry) => entry.body)).toEqual([undefined, { enable: false }, { enable: true }]);
  });

  it('answers NOT_FOUND for an unknown sync after one read, and writes nothing', async () => {
    const response = await h.graphql(TOGGLE, { input: { syncDatabaseId: 999999, enabled: false } });
    expect(response.body).toEqual({ data: { setSyncEnabled: null }, errors: [failure(['setSyncEnabled'], 'NOT_FOUND', 'Sync 999999 does not exist in this workspace.')] });
    expect(requestLines(h.upstream)).toEqual(['GET /api/v1/syncs/999999']);
  });

  it('answers FORBIDDEN naming the "update" permission when a viewer asks for a change, and changes nothing', async () => {
    const response = await h.graphql(TOGGLE, { input: { syncDatabaseId: 4, enabled: true } }, viewerHeaders);
    expect(response.body).toEqual({
      data: { setSyncEnabled: null },
      errors: [failure(['setSyncEnabled'], 'FORBIDDEN', 'Your role in this workspace may not switch syncs on or off: that needs the "update" permission on syncs.')],
    });
    expect(writes()).toEqual(['PATCH /api/v1/syncs/4/enable 403']);
    expect(h.upstream.store.getSync(DISABLED_MANUAL_SYNC)?.status).toBe('disabled');
  });
});

describe('setSyncEnabled racing another writer', () => {
  /** Another client of the API: its requests carry a header the gates below do not hold. */
  const OTHER_WRITER = { ...demoHeaders, 'x-other-writer': 'yes' };
  const fromGateway = (entry: UpstreamRequestLogEntry) => entry.headers['x-other-writer'] === undefined;
  const enableDirectly = async (syncId: number, enable: boolean) => {
    const response = await fetch(`${h.upstream.url}/api/v1/syncs/${syncId}/enable`, {
      method: 'PATCH',
      headers: { ...OTHER_WRITER, 'content-type': 'application/json' },
      body: JSON.stringify({ enable }),
    });
    await response.arrayBuffer();
    expect(response.status).toBe(200);
  };
  /**
   * Resolves once `gate` holds `count` requests, or once the mutation has settled without sending them
   * (then the test fails on its assertions instead of waiting forever). Checks once per event-loop turn.
   */
  const untilArrived = async (gate: ResponseGate, count: number, settled: () => boolean) => {
    while (gate.arrived < count && !settled()) await new Promise((resolve) => setImmediate(resolve));
  };
  /** Sends the mutation; `settled()` tells whether its answer came. */
  const startToggle = (syncId: number, enabled: boolean) => {
    let done = false;
    const answer = h.graphql(TOGGLE, { input: { syncDatabaseId: syncId, enabled } }).finally(() => {
      done = true;
    });
    return { answer, settled: () => done };
  };

  it('succeeds when another writer made the same change between its read and its write', async () => {
    // Holds the gateway's PATCH (the gate never fills: it is released by hand).
    const write = h.upstream.holdResponses(2, { match: (entry) => fromGateway(entry) && entry.method === 'PATCH' });
    const mutation = startToggle(DISABLED_MANUAL_SYNC, true);
    await untilArrived(write, 1, mutation.settled);
    await enableDirectly(DISABLED_MANUAL_SYNC, true);
    write.release();
    const response = await mutation.answer;

    const sync = defined(h.upstream.store.getSync(DISABLED_MANUAL_SYNC), 'the sync');
    expect(response.body).toEqual({
      data: { setSyncEnabled: { clientMutationId: null, sync: { id: 'U3luYzo0', databaseId: 4, status: 'PENDING', updatedAt: iso(sync.updatedAt) } } },
    });
    // In arrival order: the read, the gateway's write (held, then refused), the other writer's change,
    // the read that finds the sync enabled.
    expect(h.upstream.requests.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([
      'GET /api/v1/syncs/4 200',
      'PATCH /api/v1/syncs/4/enable 400',
      'PATCH /api/v1/syncs/4/enable 200',
      'GET /api/v1/syncs/4 200',
    ]);
    expect(await write.opened).toEqual({ filled: false, arrived: 1, expected: 2 });
  });

  it('answers FAILED_PRECONDITION when the sync is still not in the asked state after the refusal', async () => {
    const write = h.upstream.holdResponses(2, { match: (entry) => fromGateway(entry) && entry.method === 'PATCH' });
    const refused = () => h.upstream.requests.some((entry) => entry.method === 'PATCH' && entry.status === 400);
    const reread = h.upstream.holdResponses(2, { match: (entry) => fromGateway(entry) && entry.method === 'GET' && refused() });
    const mutation = startToggle(DISABLED_MANUAL_SYNC, true);
    await untilArrived(write, 1, mutation.settled);
    await enableDirectly(DISABLED_MANUAL_SYNC, true);
    write.release();
    await untilArrived(reread, 1, mutation.settled);
    await enableDirectly(DISABLED_MANUAL_SYNC, false);
    reread.release();

    expect((await mutation.answer).body).toEqual({
      data: { setSyncEnabled: null },
      errors: [failure(['setSyncEnabled'], 'FAILED_PRECONDITION', "The sync's current status does not allow this change; read its status and try again.")],
    });
    expect(h.upstream.store.getSync(DISABLED_MANUAL_SYNC)?.status).toBe('disabled');
    expect(await reread.opened).toEqual({ filled: false, arrived: 1, expected: 2 });
  });
});

describe('several mutations in one request', () => {
  it('reads each payload fresh after its write, never from what an earlier mutation read', async () => {
    const response = await h.graphql(`mutation {
      run: triggerSyncRun(input: { syncDatabaseId: 2 }) { sync { status latestRun { databaseId status } } }
      cancel: cancelSyncRun(input: { syncDatabaseId: 2 }) { sync { latestRun { databaseId status } } run { databaseId status } }
      off: setSyncEnabled(input: { syncDatabaseId: 2, enabled: false }) { sync { status latestRun { databaseId status } } }
      again: triggerSyncRun(input: { syncDatabaseId: 2 }) { clientMutationId }
    }`);
    const runId = firstOf(h.upstream.store.listRuns(IDLE_MANUAL_SYNC), 'the runs of the idle sync').id;
    expect(response.body).toEqual({
      data: {
        run: { sync: { status: 'HEALTHY', latestRun: { databaseId: runId, status: 'PENDING' } } },
        cancel: { sync: { latestRun: { databaseId: runId, status: 'CANCELED' } }, run: { databaseId: runId, status: 'CANCELED' } },
        off: { sync: { status: 'DISABLED', latestRun: { databaseId: runId, status: 'CANCELED' } } },
        again: null,
      },
      errors: [failure(['again'], 'FAILED_PRECONDITION', 'The sync is disabled; enable it before running or canceling it.')],
    });
    expect(segments()).toEqual([
      ['POST /api/v1/schedule_syncs', 'GET /api/v1/syncs/2', 'GET /api/v1/syncs/2/sync_runs?page=1&per_page=1'],
      // setSyncEnabled's own read of the sync's state comes from the cancel payload's read.
      ['DELETE /api/v1/schedule_syncs/2', 'GET /api/v1/syncs/2', 'GET /api/v1/syncs/2/sync_runs?page=1&per_page=1'],
      // The sync comes with the PATCH answer; only the run page must be read again.
      ['PATCH /api/v1/syncs/2/enable', 'GET /api/v1/syncs/2/sync_runs?page=1&per_page=1'],
      ['POST /api/v1/schedule_syncs'],
    ]);
  });
});

describe('input validation', () => {
  const MUTATIONS = [
    ['triggerSyncRun', ''],
    ['cancelSyncRun', ''],
    ['setSyncEnabled', 'enabled: true'],
  ] as const;
  const CASES: Array<[string, string, string]> = [
    ['neither id', '', 'Give exactly one of "input.syncId" and "input.syncDatabaseId", got neither.'],
    ['both ids', 'syncId: "U3luYzoy", syncDatabaseId: 2', 'Give exactly one of "input.syncId" and "input.syncDatabaseId", got both.'],
    ['a malformed global id', 'syncId: "not an id!"', 'Argument "input.syncId" is not a valid global id.'],
    ['a run id', 'syncId: "U3luY1J1bjoyOjEwMDE"', 'Argument "input.syncId" must be the id of a Sync, got the id of a SyncRun.'],
    ['a workspace id', 'syncId: "V29ya3NwYWNlOjE"', 'Argument "input.syncId" must be the id of a Sync, got the id of a Workspace.'],
    ['a zero databaseId', 'syncDatabaseId: 0', 'Argument "input.syncDatabaseId" must be a positive integer, got 0.'],
    ['a negative databaseId', 'syncDatabaseId: -3', 'Argument "input.syncDatabaseId" must be a positive integer, got -3.'],
  ];
  const table = MUTATIONS.flatMap(([field, extra]) =>
    CASES.map(([name, fields, message]) => [field, name, `{ ${[fields, extra].filter(Boolean).join(', ')} }`, message] as const),
  );

  it.each(table)('%s refuses %s with BAD_USER_INPUT before any upstream request', async (field, _name, input, message) => {
    const response = await h.graphql(`mutation { ${field}(input: ${input}) { clientMutationId } }`);
    expect(response.body).toEqual({ data: { [field]: null }, errors: [failure([field], 'BAD_USER_INPUT', message)] });
    expect(h.upstream.requests).toHaveLength(0);
  });

  it('rejects a missing `enabled` as a GraphQL validation error, before any upstream request', async () => {
    const response = await h.graphql(`mutation { setSyncEnabled(input: { syncDatabaseId: 2 }) { clientMutationId } }`);
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors).toEqual([
      {
        message: 'Field "SetSyncEnabledInput.enabled" of required type "Boolean!" was not provided.',
        locations: expect.any(Array),
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      },
    ]);
    expect(h.upstream.requests).toHaveLength(0);
  });
});

describe('no automatic retry of writes', () => {
  /**
   * A real HTTP upstream that fails every write the given way and records what it received. GETs (the
   * read setSyncEnabled makes before its write) are answered with the demo upstream's answer.
   */
  async function startFailingUpstream(fail: (req: IncomingMessage, res: ServerResponse) => void) {
    const received: string[] = [];
    const server = createServer((req, res) => {
      received.push(`${req.method} ${req.url}`);
      req.resume();
      if (req.method === 'GET') {
        req.on('end', () => {
          void fetch(`${h.upstream.url}${req.url}`, { headers: demoHeaders }).then(async (answer) => {
            res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' });
            res.end(await answer.text());
          });
        });
        return;
      }
      req.on('end', () => fail(req, res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      received,
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  }

  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };
  const resetSocket = (req: IncomingMessage) => req.socket.destroy();

  const WRITES = [
    ['triggerSyncRun', '{ syncDatabaseId: 2 }', 'POST /api/v1/schedule_syncs'],
    ['cancelSyncRun', '{ syncDatabaseId: 3 }', 'DELETE /api/v1/schedule_syncs/3'],
    ['setSyncEnabled', '{ syncDatabaseId: 4, enabled: true }', 'GET /api/v1/syncs/4 PATCH /api/v1/syncs/4/enable'],
  ] as const;
  const FAILURES = [
    ['503 with Retry-After: 0', json(503, { status: 503, error: 'Service Unavailable' }, { 'retry-after': '0' }), 'UPSTREAM_ERROR', 'The AI Squared API failed to answer this request (HTTP 503).'],
    ['429 with Retry-After: 0', json(429, { error: 'Too many requests.' }, { 'retry-after': '0' }), 'RATE_LIMITED', 'The AI Squared API is rate limiting these requests; retry later.'],
    [
      'a connection reset',
      resetSocket,
      'UPSTREAM_UNAVAILABLE',
      'The connection to the AI Squared API failed before it confirmed this change, so it may or may not have been applied; check before retrying.',
    ],
  ] as const;
  const table = WRITES.flatMap((write) => FAILURES.map((failing) => [write[0], failing[0], write, failing] as const));

  it.each(table)('%s sends its write exactly once when the upstream answers %s', async (_field, _how, write, failing) => {
    const [field, input, line] = write;
    const [, fail, code, message] = failing;
    const failingUpstream = await startFailingUpstream(fail);
    const gateway = await startHarness({ upstream: h.upstream, upstreamUrl: failingUpstream.url });
    try {
      const response = await gateway.graphql(`mutation { ${field}(input: ${input}) { clientMutationId sync { databaseId } } }`, undefined, demoHeaders);
      expect(response.body).toEqual({ data: { [field]: null }, errors: [failure([field], code, message)] });
      expect(failingUpstream.received).toEqual(line.split(/ (?=GET|PATCH|POST|DELETE)/));
    } finally {
      await gateway.close();
      await failingUpstream.close();
    }
  });
});
