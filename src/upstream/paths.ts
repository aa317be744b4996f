/**
 * Upstream paths, built only from validated integer ids: nothing a client sends can add a path
 * segment, a dot segment, a query or another host. This is the only place REST paths are spelled.
 */
import { ErrorCode, gatewayError } from '../errors';

const API = '/api/v1';

/** Throws BAD_USER_INPUT unless `value` is a positive safe integer; returns it as a path segment. */
export function assertUpstreamId(value: unknown, what: string): string {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, `${what} must be a positive integer, got ${describe(value)}.`);
  }
  return String(value);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

export const upstreamPaths = {
  syncs: () => `${API}/syncs`,
  sync: (syncId: number) => `${API}/syncs/${assertUpstreamId(syncId, 'Sync id')}`,
  syncEnable: (syncId: number) => `${API}/syncs/${assertUpstreamId(syncId, 'Sync id')}/enable`,
  syncRuns: (syncId: number) => `${API}/syncs/${assertUpstreamId(syncId, 'Sync id')}/sync_runs`,
  syncRun: (syncId: number, runId: number) =>
    `${API}/syncs/${assertUpstreamId(syncId, 'Sync id')}/sync_runs/${assertUpstreamId(runId, 'Sync run id')}`,
  syncRecords: (syncId: number, runId: number) =>
    `${API}/syncs/${assertUpstreamId(syncId, 'Sync id')}/sync_runs/${assertUpstreamId(runId, 'Sync run id')}/sync_records`,
  scheduleSyncs: () => `${API}/schedule_syncs`,
  scheduleSync: (syncId: number) => `${API}/schedule_syncs/${assertUpstreamId(syncId, 'Sync id')}`,
  connectors: () => `${API}/connectors`,
  connector: (connectorId: number) => `${API}/connectors/${assertUpstreamId(connectorId, 'Connector id')}`,
  models: () => `${API}/models`,
  model: (modelId: number) => `${API}/models/${assertUpstreamId(modelId, 'Model id')}`,
  workspaces: () => `${API}/workspaces`,
};
