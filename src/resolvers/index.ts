/**
 * All resolvers, one module per GraphQL type.
 */
import type { Resolvers } from '../generated/graphql';
import { DateTimeScalar, JSONScalar } from '../scalars';
import { Connector } from './Connector';
import { SyncConnection, SyncRecordConnection, SyncRunConnection } from './connections';
import { Model } from './Model';
import { Node } from './Node';
import { Query } from './Query';
import { Sync } from './Sync';
import { SyncRecord } from './SyncRecord';
import { SyncRun } from './SyncRun';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query,
  Node,
  Sync,
  SyncRun,
  SyncRecord,
  Connector,
  Model,
  SyncConnection,
  SyncRunConnection,
  SyncRecordConnection,
};
