/**
 * All resolvers: one module per GraphQL type, each also holding the root fields its SDL file adds to
 * `Query` (as the SDL files do with `extend type Query`). Registering a type's resolvers is one line here.
 * Connections need none: their fields are plain values, and `totalCount` a function graphql-js's
 * default resolver calls (src/pagination/connection.ts). The JSON scalar depends on the configured
 * limits, so src/schema adds it.
 */
import type { Resolvers } from '../generated/graphql';
import { DateTimeScalar } from '../scalars';
import { Connector, connectorQueryFields } from './Connector';
import { Model, modelQueryFields } from './Model';
import { Mutation } from './Mutation';
import { Node, nodeQueryFields } from './Node';
import { CancelSyncRunPayload, SetSyncEnabledPayload, TriggerSyncRunPayload } from './payloads';
import { Subscription } from './Subscription';
import { Sync, syncQueryFields } from './Sync';
import { SyncRecord } from './SyncRecord';
import { SyncRun } from './SyncRun';
import { Workspace, workspaceQueryFields } from './Workspace';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: { ...nodeQueryFields, ...syncQueryFields, ...connectorQueryFields, ...modelQueryFields, ...workspaceQueryFields },
  Mutation,
  Subscription,
  Node,
  Sync,
  SyncRun,
  SyncRecord,
  Connector,
  Model,
  Workspace,
  TriggerSyncRunPayload,
  CancelSyncRunPayload,
  SetSyncEnabledPayload,
};
