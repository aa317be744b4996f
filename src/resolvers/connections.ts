/**
 * Connection types: edges, nodes and pageInfo are plain fields of the resolved Connection; the
 * total count is computed only when selected.
 */
import type {
  ConnectorConnectionResolvers,
  ModelConnectionResolvers,
  SyncConnectionResolvers,
  SyncRecordConnectionResolvers,
  SyncRunConnectionResolvers,
} from '../generated/graphql';

export const SyncConnection: SyncConnectionResolvers = { totalCount: (connection) => connection.totalCount() };
export const SyncRunConnection: SyncRunConnectionResolvers = { totalCount: (connection) => connection.totalCount() };
export const SyncRecordConnection: SyncRecordConnectionResolvers = { totalCount: (connection) => connection.totalCount() };
export const ConnectorConnection: ConnectorConnectionResolvers = { totalCount: (connection) => connection.totalCount() };
export const ModelConnection: ModelConnectionResolvers = { totalCount: (connection) => connection.totalCount() };
