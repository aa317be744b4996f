/** `GET /syncs/{sync_id}/sync_runs/{sync_run_id}/sync_records` (docs/upstream-contract.md §1, §2.4). */
import { authorize, requireWorkspace } from './auth';
import type { DemoResponse, HandlerContext } from './context';
import { assertValid, checkEnum, checkInteger } from './contracts';
import { renderError, type ContractErrors } from './errors';
import { listResponse } from './listResponse';
import { castRecordId } from './rubyNumbers';
import { toSyncRecordResource } from './serialize';
import { findSyncOrRenderError } from './syncRunsController';
import { SYNC_RECORD_STATUSES, type SyncRecordStatus } from './types';

export function listSyncRecords(context: HandlerContext): DemoResponse {
  const errors: ContractErrors = {};
  checkInteger(errors, 'sync_id', context.params.sync_id, true);
  checkInteger(errors, 'sync_run_id', context.params.sync_run_id, true);
  checkInteger(errors, 'page', context.params.page, false);
  // The status rule runs after the schema checks, so its message comes last.
  checkEnum(errors, 'status', context.params.status, SYNC_RECORD_STATUSES, 'must be a valid status');
  assertValid(errors);
  const access = requireWorkspace(context);
  const sync = findSyncOrRenderError(context, access);
  const runId = castRecordId(String(context.params.sync_run_id));
  const run = runId === null ? undefined : context.store.getRun(runId);
  // Note the missing space: this controller says "SyncRun", the single-run route says "Sync Run".
  if (!run || run.syncId !== sync.id) throw renderError(404, 'SyncRun not found');
  authorize(access, 'sync_record', 'read');
  const status = context.query.status as SyncRecordStatus | undefined;
  return listResponse(context.store.listRecords(run.id, status), context, toSyncRecordResource);
}
