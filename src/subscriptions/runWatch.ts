/**
 * What the subscription fields watch. Each poll reads with loaders of its own (fresh data, no operation
 * deadline, as a subscription lasts), and its event carries them: every subscriber's emission resolves
 * its nested fields through them, so what the poll read is not read again, and what it did not is read
 * once for all the loop's subscribers (they share one caller's credentials).
 */
import type { CallerCredentials } from '../credentials';
import { ErrorCode, gatewayError } from '../errors';
import { RequestLoaders } from '../loaders';
import { syncPaths, syncResource, type SyncData, type SyncKey } from '../resources/sync';
import { ACTIVE_SYNC_RUN_STATUSES, latestSyncRun, syncRunPaths, syncRunResource, type SyncRunData, type SyncRunKey } from '../resources/syncRun';
import type { UpstreamClient } from '../upstream/client';
import type { Watch } from './loop';

/** One poll's reading: the object, and the loaders that read it. */
export interface Polled<T> {
  data: T;
  loaders: RequestLoaders;
}

interface Caller {
  client: UpstreamClient;
  credentials: CallerCredentials;
  requestId: string;
}

function pollLoaders({ client, credentials, requestId }: Caller): RequestLoaders {
  return new RequestLoaders(client, { credentials, requestId, stats: { upstreamRequests: 0 } });
}

/** A run: news is a change of status or of a row counter; a run out of the active statuses is final. */
export function runWatch(caller: Caller, key: SyncRunKey): Watch<Polled<SyncRunData>> {
  return {
    path: syncRunPaths.one(key),
    async fetch() {
      const loaders = pollLoaders(caller);
      const run = await syncRunResource.fetch(loaders, key);
      if (!run) throw gatewayError(ErrorCode.NOT_FOUND, `Sync ${key.syncId} has no run ${key.runId} in your workspace.`);
      return { data: run, loaders };
    },
    fingerprint: ({ data: run }) =>
      JSON.stringify([run.status, run.total_query_rows, run.total_rows, run.skipped_rows, run.successful_rows, run.failed_rows]),
    isFinal: ({ data: run }) => !ACTIVE_SYNC_RUN_STATUSES.includes(run.status),
  };
}

/** A sync: news is a change of status or a new latest run. A sync never ends: its loop lasts while watched. */
export function syncWatch(caller: Caller, key: SyncKey): Watch<Polled<SyncData> & { latestRunId: string | null }> {
  return {
    path: syncPaths.one(key),
    async fetch() {
      const loaders = pollLoaders(caller);
      const sync = await syncResource.fetch(loaders, key);
      if (!sync) throw gatewayError(ErrorCode.NOT_FOUND, `There is no sync ${key.syncId} in your workspace.`);
      const latest = await latestSyncRun({ loaders, credentials: caller.credentials }, key);
      return { data: sync, loaders, latestRunId: latest === null ? null : String(latest.id) };
    },
    fingerprint: ({ data: sync, latestRunId }) => JSON.stringify([sync.status, latestRunId]),
    isFinal: () => false,
  };
}
