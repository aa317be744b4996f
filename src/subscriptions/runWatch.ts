/**
 * What `syncRunUpdated` watches: one run, read fresh at each poll with the subscriber's credentials.
 * News is a change of status or of a row counter; a run out of the active statuses is final.
 */
import type { CallerCredentials } from '../credentials';
import { ErrorCode, gatewayError } from '../errors';
import { RequestLoaders } from '../loaders';
import { ACTIVE_SYNC_RUN_STATUSES, syncRunPaths, syncRunResource, type SyncRunData, type SyncRunKey } from '../resources/syncRun';
import type { UpstreamClient } from '../upstream/client';
import type { Watch } from './loop';

/** Every poll is a request of its own: fresh loaders, no operation deadline (a subscription lasts). */
export function pollLoaders(client: UpstreamClient, credentials: CallerCredentials, requestId: string): RequestLoaders {
  return new RequestLoaders(client, { credentials, requestId, stats: { upstreamRequests: 0 } });
}

export function runWatch(client: UpstreamClient, credentials: CallerCredentials, requestId: string, key: SyncRunKey): Watch<SyncRunData> {
  return {
    path: syncRunPaths.one(key),
    async fetch() {
      const run = await syncRunResource.fetch(pollLoaders(client, credentials, requestId), key);
      if (!run) throw gatewayError(ErrorCode.NOT_FOUND, `Sync ${key.syncId} has no run ${key.runId} in your workspace.`);
      return run;
    },
    fingerprint: (run) =>
      JSON.stringify([run.status, run.total_query_rows, run.total_rows, run.skipped_rows, run.successful_rows, run.failed_rows]),
    isFinal: (run) => !ACTIVE_SYNC_RUN_STATUSES.includes(run.status),
  };
}
