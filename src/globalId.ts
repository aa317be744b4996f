/**
 * Relay global ids: opaque, unique across types, and validated before any part reaches an URL.
 * A run's id carries its sync's id, and a record's id carries its sync's and run's ids, because the
 * upstream only serves runs and records nested under their parents.
 */
import { ErrorCode, gatewayError } from './errors';

export type GlobalRef =
  | { type: 'Sync'; syncId: number }
  | { type: 'SyncRun'; syncId: number; runId: number }
  | { type: 'SyncRecord'; syncId: number; runId: number; recordId: number }
  | { type: 'Connector'; connectorId: number }
  | { type: 'Model'; modelId: number }
  | { type: 'Workspace'; workspaceId: number };

const ARITY: Record<GlobalRef['type'], number> = { Sync: 1, SyncRun: 2, SyncRecord: 3, Connector: 1, Model: 1, Workspace: 1 };
const MAX_GLOBAL_ID_LENGTH = 200;

export function encodeGlobalId(ref: GlobalRef): string {
  const parts = idParts(ref);
  return Buffer.from(`${ref.type}:${parts.join(':')}`, 'utf8').toString('base64url');
}

function idParts(ref: GlobalRef): number[] {
  switch (ref.type) {
    case 'Sync':
      return [ref.syncId];
    case 'SyncRun':
      return [ref.syncId, ref.runId];
    case 'SyncRecord':
      return [ref.syncId, ref.runId, ref.recordId];
    case 'Connector':
      return [ref.connectorId];
    case 'Model':
      return [ref.modelId];
    case 'Workspace':
      return [ref.workspaceId];
  }
}

/** Decodes a global id, or throws BAD_USER_INPUT naming the argument. */
export function decodeGlobalId(id: string, argument = 'id'): GlobalRef {
  const invalid = () => gatewayError(ErrorCode.BAD_USER_INPUT, `Argument "${argument}" is not a valid global id.`);
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_GLOBAL_ID_LENGTH || !/^[A-Za-z0-9_-]+$/.test(id)) throw invalid();
  const text = Buffer.from(id, 'base64url').toString('utf8');
  const [type, ...rest] = text.split(':');
  if (!type || !Object.hasOwn(ARITY, type) || rest.length !== ARITY[type as GlobalRef['type']]) throw invalid();
  if (!rest.every((part) => /^[1-9][0-9]{0,15}$/.test(part) && Number.isSafeInteger(Number(part)))) throw invalid();
  const n = rest.map(Number) as [number, number, number];
  switch (type as GlobalRef['type']) {
    case 'Sync':
      return { type: 'Sync', syncId: n[0] };
    case 'SyncRun':
      return { type: 'SyncRun', syncId: n[0], runId: n[1] };
    case 'SyncRecord':
      return { type: 'SyncRecord', syncId: n[0], runId: n[1], recordId: n[2] };
    case 'Connector':
      return { type: 'Connector', connectorId: n[0] };
    case 'Model':
      return { type: 'Model', modelId: n[0] };
    case 'Workspace':
      return { type: 'Workspace', workspaceId: n[0] };
  }
}
