/**
 * Subscription root fields. `subscribe` joins the shared poll loop of the caller and object
 * (src/subscriptions/registry.ts); `resolve` turns each poll event into the field's value, or into the
 * error the poll met, so that error reaches the subscriber with its usual code.
 */
import type { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context';
import { ErrorCode, gatewayError } from '../errors';
import type { SubscriptionResolvers } from '../generated/graphql';
import { decodeGlobalId } from '../globalId';
import type { SyncData, SyncKey } from '../resources/sync';
import type { SyncRunData, SyncRunKey } from '../resources/syncRun';
import { parseUpstreamId } from '../resources/upstreamId';
import type { PollEvent } from '../subscriptions/loop';
import { runWatch, syncWatch, type Polled } from '../subscriptions/runWatch';

export const Subscription: SubscriptionResolvers = {
  syncRunUpdated: {
    subscribe: (_root, args, ctx) => registryOf(ctx).subscribe(ctx.credentials, runWatch(ctx, runKeyOf(args))),
    resolve: (event: PollEvent<Polled<SyncRunData>> | undefined, _args: unknown, ctx: GatewayContext) => valueOf(event, ctx),
  },
  syncUpdated: {
    subscribe: (_root, args, ctx) => registryOf(ctx).subscribe(ctx.credentials, syncWatch(ctx, syncKeyOf(args))),
    resolve: (event: PollEvent<Polled<SyncData>> | undefined, _args: unknown, ctx: GatewayContext) => valueOf(event, ctx),
  },
};

function registryOf(ctx: GatewayContext): NonNullable<GatewayContext['subscriptions']> {
  if (!ctx.subscriptions) throw overHttp();
  return ctx.subscriptions;
}

/** One event's value; its nested fields resolve through the loaders of the poll that read it. */
function valueOf<T>(event: PollEvent<Polled<T>> | undefined, ctx: GatewayContext): T {
  // No event: the operation was sent as a plain request, where a subscription has no stream.
  if (event === undefined) throw overHttp();
  if ('error' in event) throw event.error;
  ctx.loaders = event.value.loaders;
  return event.value.data;
}

const overHttp = (): GraphQLError =>
  gatewayError(
    ErrorCode.BAD_USER_INPUT,
    'Subscriptions are served over WebSocket (the graphql-ws protocol) or Server-Sent Events (the graphql-sse protocol, with "Accept: text/event-stream") at the GraphQL path.',
  );

/** The run named by exactly one of `id` and the pair `syncDatabaseId` + `runDatabaseId`. */
function runKeyOf(args: { syncDatabaseId?: number | null; runDatabaseId?: number | null; id?: string | null }): SyncRunKey {
  const hasGlobal = args.id != null;
  const hasDatabase = args.syncDatabaseId != null || args.runDatabaseId != null;
  if (hasGlobal === hasDatabase) {
    throw gatewayError(
      ErrorCode.BAD_USER_INPUT,
      `Give either "id" or both "syncDatabaseId" and "runDatabaseId", got ${hasGlobal ? 'both' : 'neither'}.`,
    );
  }
  if (hasDatabase) {
    if (args.syncDatabaseId == null || args.runDatabaseId == null) {
      throw gatewayError(ErrorCode.BAD_USER_INPUT, 'Give both "syncDatabaseId" and "runDatabaseId" to name a run by its database ids.');
    }
    return {
      syncId: parseUpstreamId(args.syncDatabaseId, 'Argument "syncDatabaseId"'),
      runId: parseUpstreamId(args.runDatabaseId, 'Argument "runDatabaseId"'),
    };
  }
  const ref = decodeGlobalId(args.id as string, 'id');
  if (ref.type !== 'SyncRun') {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, `Argument "id" must be the id of a SyncRun, got the id of a ${ref.type}.`);
  }
  return { syncId: ref.syncId, runId: ref.runId };
}

/** The sync named by exactly one of `id` and `databaseId`. */
function syncKeyOf(args: { databaseId?: number | null; id?: string | null }): SyncKey {
  const hasGlobal = args.id != null;
  if (hasGlobal === (args.databaseId != null)) {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, `Give exactly one of "id" and "databaseId", got ${hasGlobal ? 'both' : 'neither'}.`);
  }
  if (!hasGlobal) return { syncId: parseUpstreamId(args.databaseId, 'Argument "databaseId"') };
  const ref = decodeGlobalId(args.id as string, 'id');
  if (ref.type !== 'Sync') throw gatewayError(ErrorCode.BAD_USER_INPUT, `Argument "id" must be the id of a Sync, got the id of a ${ref.type}.`);
  return { syncId: ref.syncId };
}
