import { ErrorCode, gatewayError } from '../errors';
import type { MutationResolvers } from '../generated/graphql';
import { decodeGlobalId } from '../globalId';
import { cancelSyncRun, setSyncEnabled, triggerSyncRun } from '../syncActions';
import { parseUpstreamId, type UpstreamId } from '../resources/upstreamId';

export const Mutation: MutationResolvers = {
  triggerSyncRun: async (_root, { input }, ctx) => {
    const syncId = syncIdOf(input);
    await triggerSyncRun(ctx, syncId);
    return { action: 'trigger', syncId, clientMutationId: input.clientMutationId ?? null };
  },
  cancelSyncRun: async (_root, { input }, ctx) => {
    const syncId = syncIdOf(input);
    await cancelSyncRun(ctx, syncId);
    return { action: 'cancel', syncId, clientMutationId: input.clientMutationId ?? null };
  },
  setSyncEnabled: async (_root, { input }, ctx) => {
    const syncId = syncIdOf(input);
    const sync = await setSyncEnabled(ctx, syncId, input.enabled);
    return { sync, clientMutationId: input.clientMutationId ?? null };
  },
};

/** The sync's upstream id from exactly one of `input.syncId` (global id) and `input.syncDatabaseId`. */
function syncIdOf(input: { syncId?: string | null; syncDatabaseId?: number | null }): UpstreamId {
  const hasGlobal = input.syncId != null;
  const hasDatabase = input.syncDatabaseId != null;
  if (hasGlobal === hasDatabase) {
    throw gatewayError(
      ErrorCode.BAD_USER_INPUT,
      `Give exactly one of "input.syncId" and "input.syncDatabaseId", got ${hasGlobal ? 'both' : 'neither'}.`,
    );
  }
  if (hasDatabase) return parseUpstreamId(input.syncDatabaseId, 'Argument "input.syncDatabaseId"');
  const ref = decodeGlobalId(input.syncId as string, 'input.syncId');
  if (ref.type !== 'Sync') {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, `Argument "input.syncId" must be the id of a Sync, got the id of a ${ref.type}.`);
  }
  return ref.syncId;
}
