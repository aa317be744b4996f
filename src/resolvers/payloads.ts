/**
 * Mutation payloads. The sync and run of a trigger/cancel payload are read only when selected, after
 * the write (the write already made the request forget what it had cached about the sync).
 */
import type { CancelSyncRunPayloadResolvers, SetSyncEnabledPayloadResolvers, TriggerSyncRunPayloadResolvers } from '../generated/graphql';
import { syncResource } from '../resources/sync';
import { findActionRun, isRunPending } from '../syncActions';

export const TriggerSyncRunPayload: TriggerSyncRunPayloadResolvers = {
  clientMutationId: (payload) => payload.clientMutationId,
  sync: (payload, _args, ctx) => ctx.loaders.load(syncResource, { syncId: payload.syncId }),
  run: (payload, _args, ctx) => findActionRun(ctx, payload),
  runPending: (payload, _args, ctx) => isRunPending(ctx, payload),
};

export const CancelSyncRunPayload: CancelSyncRunPayloadResolvers = {
  clientMutationId: (payload) => payload.clientMutationId,
  sync: (payload, _args, ctx) => ctx.loaders.load(syncResource, { syncId: payload.syncId }),
  run: (payload, _args, ctx) => findActionRun(ctx, payload),
};

export const SetSyncEnabledPayload: SetSyncEnabledPayloadResolvers = {
  clientMutationId: (payload) => payload.clientMutationId,
  sync: (payload) => payload.sync,
};
