/**
 * DemoStore.advanceRun: a test moves a run through pending → in progress → success or failed, and the
 * upstream's run route shows each state at once.
 */
import { startDemoUpstream, type DemoUpstream } from '../src/server';
import type { SyncRunResource } from '../src/wire';
import { getItem } from './demoClient';

let upstream: DemoUpstream;
beforeEach(async () => {
  upstream = await startDemoUpstream();
});
afterEach(() => upstream.close());

const readRun = async (syncId: number, runId: number) =>
  (await getItem<SyncRunResource>(upstream.url, `/api/v1/syncs/${syncId}/sync_runs/${runId}`)).body;

describe('advanceRun', () => {
  it('moves a fresh run from pending to in progress with rising counters to success', async () => {
    const run = upstream.store.insertRun(2);
    expect((await readRun(2, run.id)).data.attributes).toMatchObject({ status: 'pending', started_at: null, total_rows: 0 });

    upstream.store.advanceRun(run.id, { kind: 'start', totalQueryRows: 50 });
    const started = (await readRun(2, run.id)).data.attributes;
    expect(started).toMatchObject({ status: 'in_progress', total_query_rows: 50, total_rows: 0, finished_at: null });
    expect(started.started_at).not.toBeNull();

    upstream.store.advanceRun(run.id, { kind: 'progress', successfulRows: 20, failedRows: 2 });
    upstream.store.advanceRun(run.id, { kind: 'progress', successfulRows: 10, skippedRows: 1 });
    expect((await readRun(2, run.id)).data.attributes).toMatchObject({
      status: 'in_progress',
      successful_rows: 30,
      failed_rows: 2,
      skipped_rows: 1,
      total_rows: 33,
    });

    upstream.store.advanceRun(run.id, { kind: 'finish', status: 'success' });
    const finished = (await readRun(2, run.id)).data.attributes;
    expect(finished).toMatchObject({ status: 'success', successful_rows: 30, error: null });
    expect(finished.finished_at).not.toBeNull();
  });

  it('ends a run as failed with an error text, and refuses to move a finished run', async () => {
    const run = upstream.store.insertRun(2);
    upstream.store.advanceRun(run.id, { kind: 'start' });
    upstream.store.advanceRun(run.id, { kind: 'finish', status: 'failed', error: 'Destination unreachable.' });
    expect((await readRun(2, run.id)).data.attributes).toMatchObject({ status: 'failed', error: 'Destination unreachable.' });
    expect(() => upstream.store.advanceRun(run.id, { kind: 'start' })).toThrow('already finished');
  });

  it('counts rows only while the run is in progress', () => {
    const run = upstream.store.insertRun(2);
    expect(() => upstream.store.advanceRun(run.id, { kind: 'progress', successfulRows: 1 })).toThrow('not in_progress');
  });

  it('moves each step later in the run list order, as an update does', () => {
    const run = upstream.store.insertRun(2);
    const before = run.updatedAt;
    upstream.store.advanceRun(run.id, { kind: 'start' });
    expect(run.updatedAt).toBeGreaterThan(before);
    expect(upstream.store.listRuns(2)[0]?.id).toBe(run.id);
  });
});
