/**
 * Manual trigger, cancel and enable: state changes, 424s and the resulting list order
 * (docs/upstream-contract.md §1, §2.7, §4.2).
 */
import { startDemoUpstream, type DemoUpstream } from '../src/server';
import type { ErrorListBody, ItemBody, PlainErrorBody, SyncRecordResource, SyncResource, SyncRunResource } from '../src/wire';
import { call, getItem, getList } from './demoClient';

let upstream: DemoUpstream;
beforeEach(async () => {
  // A fresh store per test: these tests change data.
  upstream = await startDemoUpstream();
});
afterEach(() => upstream.close());

const schedule = (syncId: number | string) =>
  call(upstream.url, '/api/v1/schedule_syncs', { method: 'POST', body: { schedule_sync: { sync_id: syncId } } });
const cancel = (syncId: number) => call(upstream.url, `/api/v1/schedule_syncs/${syncId}`, { method: 'DELETE' });
const failedDependency = (detail: string) => ({ errors: [{ status: 424, title: 'Error', detail }] });

describe('POST /schedule_syncs', () => {
  it('creates a pending general run that lists first', async () => {
    const before = upstream.store.listRuns(2).length;
    const response = await schedule(2);
    expect(response).toMatchObject({ status: 200, body: { message: 'Sync scheduled successfully' } });

    const runs = await getList<SyncRunResource>(upstream.url, '/api/v1/syncs/2/sync_runs');
    expect(upstream.store.listRuns(2)).toHaveLength(before + 1);
    const [newest] = runs.body.data;
    expect(newest?.attributes).toMatchObject({
      sync_id: 2,
      status: 'pending',
      sync_run_type: 'general',
      started_at: null,
      finished_at: null,
      duration: null,
      total_rows: 0,
    });
    expect(newest?.attributes.created_at).toBe(newest?.attributes.updated_at);
  });

  it('answers 200 and starts no run for a sync whose workflow cannot start (sync 8)', async () => {
    const response = await schedule(8);
    expect(response).toMatchObject({ status: 200, body: { message: 'Sync scheduled successfully' } });
    expect(upstream.store.listRuns(8)).toEqual([]);
    expect((await getList<SyncRunResource>(upstream.url, '/api/v1/syncs/8/sync_runs')).body.data).toEqual([]);
  });

  it('refuses a second trigger while that run is active', async () => {
    await schedule(2);
    expect(await schedule(2)).toEqual(
      expect.objectContaining({ status: 424, body: failedDependency('Sync cannot be scheduled due to active sync run') }),
    );
  });

  it.each([
    [3, 'Sync cannot be scheduled due to active sync run'],
    [13, 'Sync cannot be scheduled due to active sync run'],
    [4, 'Sync is disabled'],
    [1, 'Sync Schedule type should be manual'],
    [5, 'Sync Schedule type should be manual'],
  ])('answers 424 for sync %i: %s', async (syncId, detail) => {
    const response = await schedule(syncId);
    expect(response.status).toBe(424);
    expect(response.body).toEqual(failedDependency(detail));
  });

  it('accepts the sync id as a string', async () => {
    expect((await schedule('2')).status).toBe(200);
  });
});

describe('DELETE /schedule_syncs/{sync_id}', () => {
  it('cancels the active run, which then has finished_at set and lists first', async () => {
    const active = upstream.store.findActiveRun(3)!;
    const response = await cancel(3);
    expect(response).toMatchObject({ status: 200, body: { message: 'Sync cancelled successfully' } });

    const run = await getItem<SyncRunResource>(upstream.url, `/api/v1/syncs/3/sync_runs/${active.id}`);
    expect(run.body.data.attributes.status).toBe('canceled');
    expect(run.body.data.attributes.finished_at).not.toBeNull();
    expect(typeof run.body.data.attributes.duration).toBe('number');
    const runs = await getList<SyncRunResource>(upstream.url, '/api/v1/syncs/3/sync_runs?per_page=1');
    expect(runs.body.data[0]?.id).toBe(String(active.id));
  });

  it('answers 424 when there is no active run, and for disabled or scheduled syncs', async () => {
    await cancel(3);
    expect((await cancel(3)).body).toEqual(failedDependency('Sync cannot be cancelled due to no active sync run'));
    expect((await cancel(2)).body).toEqual(failedDependency('Sync cannot be cancelled due to no active sync run'));
    expect((await cancel(4)).body).toEqual(failedDependency('Sync is disabled'));
    expect((await cancel(1)).body).toEqual(failedDependency('Sync Schedule type should be manual'));
  });

  it('lets a cancelled sync be triggered again', async () => {
    await cancel(3);
    expect((await schedule(3)).status).toBe(200);
    expect(upstream.store.findActiveRun(3)?.status).toBe('pending');
  });
});

describe('PATCH|PUT /syncs/{id}/enable', () => {
  it('moves a disabled sync to pending, returns it, and moves it to the top of the list', async () => {
    const response = await call<ItemBody<SyncResource>>(upstream.url, '/api/v1/syncs/4/enable', { method: 'PATCH', body: { enable: true } });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ id: '4', type: 'syncs', attributes: { status: 'pending' } });
    const list = await getList<SyncResource>(upstream.url, '/api/v1/syncs?per_page=1');
    expect(list.body.data[0]?.id).toBe('4');
    // Once enabled, the manual sync can be triggered.
    expect((await schedule(4)).status).toBe(200);
  });

  it('disables a sync with PUT and enable=false', async () => {
    const response = await call<ItemBody<SyncResource>>(upstream.url, '/api/v1/syncs/2/enable', { method: 'PUT', body: { enable: false } });
    expect(response.body.data.attributes.status).toBe('disabled');
    expect((await schedule(2)).body).toEqual(failedDependency('Sync is disabled'));
  });

  // The real server's state machine is not idempotent (docs/upstream-contract.md §1); the demo used to
  // treat these requests as no-ops.
  it.each([
    [1, true, "Event 'enable' cannot transition from 'healthy'"],
    [5, true, "Event 'enable' cannot transition from 'failed'"],
    [4, false, "Event 'disable' cannot transition from 'disabled'"],
  ])('refuses to move sync %i to enable=%s with envelope C, and changes nothing', async (syncId, enable, event) => {
    const before = JSON.stringify(upstream.store.getSync(syncId));
    const response = await call<ErrorListBody>(upstream.url, `/api/v1/syncs/${syncId}/enable`, { method: 'PATCH', body: { enable } });
    expect(response).toMatchObject({
      status: 400,
      body: {
        errors: [
          { status: 400, title: 'Bad Request', detail: `There was a problem with the request format: ${event}`, source: { pointer: '/request/payload' } },
        ],
      },
    });
    expect(JSON.stringify(upstream.store.getSync(syncId))).toBe(before);
  });

  it('validates the body and finds the sync with envelope D', async () => {
    const missing = await call(upstream.url, '/api/v1/syncs/4/enable', { method: 'PATCH', body: {} });
    expect(missing).toMatchObject({ status: 400, body: { errors: { enable: ['is missing'] } } });
    const wrong = await call(upstream.url, '/api/v1/syncs/4/enable', { method: 'PATCH', body: { enable: 'maybe' } });
    expect(wrong.body).toEqual({ errors: { enable: ['must be boolean'] } });
    const notFound = await call<PlainErrorBody>(upstream.url, '/api/v1/syncs/999/enable', { method: 'PATCH', body: { enable: true } });
    expect(notFound.status).toBe(404);
    expect(notFound.body.error).toMatch(/^Couldn't find Sync with 'id'=999/);
  });
});

describe('store mutations seen over HTTP', () => {
  it('shows inserted, touched and removed rows in upstream order', async () => {
    const inserted = upstream.store.insertRun(1, { status: 'success' });
    let runs = await getList<SyncRunResource>(upstream.url, '/api/v1/syncs/1/sync_runs?per_page=2');
    expect(runs.body.data[0]?.id).toBe(String(inserted.id));

    const oldest = upstream.store.listRuns(1).at(-1)!;
    upstream.store.touchRun(oldest.id);
    runs = await getList<SyncRunResource>(upstream.url, '/api/v1/syncs/1/sync_runs?per_page=2');
    expect(runs.body.data.map((run) => run.id)).toEqual([String(oldest.id), String(inserted.id)]);

    upstream.store.removeRun(oldest.id);
    expect((await call(upstream.url, `/api/v1/syncs/1/sync_runs/${oldest.id}`)).status).toBe(404);

    const record = upstream.store.insertRecordAt(1025, 0, { status: 'success' });
    const records = await getList<SyncRecordResource>(upstream.url, '/api/v1/syncs/1/sync_runs/1025/sync_records?per_page=1');
    expect(records.body.data[0]?.id).toBe(String(record.id));

    const sync = upstream.store.insertSync(1);
    expect((await getList<SyncResource>(upstream.url, '/api/v1/syncs?per_page=1')).body.data[0]?.id).toBe(String(sync.id));
    upstream.store.removeSync(sync.id);
    expect((await call(upstream.url, `/api/v1/syncs/${sync.id}`)).status).toBe(404);
  });
});
