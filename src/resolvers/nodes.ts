/**
 * Relay object identification: global id -> the loader that fetches that object.
 */
import type { GatewayContext } from '../context';
import { decodeGlobalId, type GlobalRef } from '../globalId';
import type { ConnectorData, ModelData, SyncData, SyncRecordData, SyncRunData, WorkspaceData } from '../upstream/records';

export type NodeData = SyncData | SyncRunData | SyncRecordData | ConnectorData | ModelData | WorkspaceData;

export async function loadNode(ctx: GatewayContext, id: string, argument = 'id'): Promise<NodeData | null> {
  return loadRef(ctx, decodeGlobalId(id, argument));
}

/** The object a decoded global id (or a validated federation representation) designates, through the request's loaders. */
export async function loadRef(ctx: GatewayContext, ref: GlobalRef): Promise<NodeData | null> {
  switch (ref.type) {
    case 'Sync':
      return ctx.loaders.syncById.load(ref.syncId);
    case 'SyncRun':
      return ctx.loaders.runByKey.load({ syncId: ref.syncId, runId: ref.runId }).then((run) => (run && run.sync_id === ref.syncId ? run : null));
    case 'SyncRecord':
      return ctx.loaders.recordByKey.load(ref);
    case 'Connector':
      return ctx.loaders.connectorById.load(ref.connectorId);
    case 'Model':
      return ctx.loaders.modelById.load(ref.modelId);
    case 'Workspace':
      return ctx.loaders.workspaces().then((workspaces) => workspaces.find((workspace) => workspace.id === ref.workspaceId) ?? null);
  }
}

/**
 * The GraphQL type of a node. The upstream's payloads have no type tag once unwrapped, so the type is
 * told by the attribute only that resource serializes (see the contract's serializers).
 */
export function nodeTypeName(node: NodeData): 'Sync' | 'SyncRun' | 'SyncRecord' | 'Connector' | 'Model' | 'Workspace' {
  if ('sync_run_id' in node) return 'SyncRecord';
  if ('schedule_type' in node) return 'Sync';
  if ('total_rows' in node || 'sync_run_type' in node) return 'SyncRun';
  if ('query_type' in node) return 'Model';
  if ('connector_type' in node) return 'Connector';
  return 'Workspace';
}
