/**
 * All resolvers, one module per GraphQL type.
 */
import type { Resolvers } from '../generated/graphql';
import { DateTimeScalar, JSONScalar } from '../scalars';
import { Connector } from './Connector';
import { ConnectorConnection, ModelConnection, SyncConnection, SyncRecordConnection, SyncRunConnection } from './connections';
import { Model } from './Model';
import { Mutation } from './Mutation';
import { Node } from './Node';
import { CancelSyncRunPayload, SetSyncEnabledPayload, TriggerSyncRunPayload } from './payloads';
import { Query } from './Query';
import { Sync } from './Sync';
import { SyncRecord } from './SyncRecord';
import { SyncRun } from './SyncRun';
import { Workspace } from './Workspace';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query,
  Mutation,
  Node,
  Sync,
  SyncRun,
  SyncRecord,
  Connector,
  Model,
  SyncConnection,
  SyncRunConnection,
  SyncRecordConnection,
  ConnectorConnection,
  ModelConnection,
  Workspace,
  TriggerSyncRunPayload,
  CancelSyncRunPayload,
  SetSyncEnabledPayload,
};
