/**
 * Renders stored rows in the upstream's exact JSON shapes (docs/upstream-contract.md §2): JSON:API
 * resources with a string top-level id, snake_case attributes in serializer order, integer foreign
 * keys, nulls present, ISO-8601 UTC timestamps with milliseconds, and secrets masked in connector
 * configurations (but not in sync and model configurations, which the open-source server sends as stored;
 * a hosted build masks those too, and adds the sync's `name`).
 */
import { SECRET_CONFIGURATION_KEYS } from './connectorCatalog';
import type { DemoBuild } from './context';
import type { DemoConnector, DemoModel, DemoSync, DemoSyncRecord, DemoSyncRun, DemoWorkspace } from './types';
import type {
  ConnectorAttributesJson,
  ConnectorResource,
  ConnectorSummaryJson,
  ModelAttributesJson,
  ModelResource,
  SyncAttributesJson,
  SyncRecordResource,
  SyncResource,
  SyncRunResource,
  WorkspaceResource,
} from './wire';

/** What the upstream shows instead of a secret configuration value. */
export const MASKED_SECRET = '*************';


/** Lookups a sync or model needs to embed its connectors and model. */
export interface EmbedLookup {
  getConnector(id: number): DemoConnector | undefined;
  getModel(id: number): DemoModel | undefined;
}

export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

const formatNullableTimestamp = (ms: number | null): string | null => (ms === null ? null : formatTimestamp(ms));

/** Deep copy of a configuration with every secret value replaced by MASKED_SECRET. */
export function maskConfiguration(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskConfiguration);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] = SECRET_CONFIGURATION_KEYS.has(key) && typeof child !== 'object' ? MASKED_SECRET : maskConfiguration(child);
  }
  return out;
}

/** Embedded `source`/`destination` of a sync: no configuration. */
export function serializeConnectorSummary(connector: DemoConnector): ConnectorSummaryJson {
  return {
    id: connector.id,
    name: connector.name,
    description: connector.description,
    connector_type: connector.connectorType,
    workspace_id: connector.workspaceId,
    created_at: formatTimestamp(connector.createdAt),
    updated_at: formatTimestamp(connector.updatedAt),
    connector_name: connector.connectorName,
    icon: connector.icon,
  };
}

function connectorAttributes(connector: DemoConnector): ConnectorAttributesJson {
  return {
    name: connector.name,
    description: connector.description,
    connector_type: connector.connectorType,
    workspace_id: connector.workspaceId,
    created_at: formatTimestamp(connector.createdAt),
    updated_at: formatTimestamp(connector.updatedAt),
    // Masking keeps the shape: an object in, an object out.
    configuration: maskConfiguration(connector.configuration) as Record<string, unknown>,
    connector_name: connector.connectorName,
    icon: connector.icon,
  };
}

function modelAttributes(model: DemoModel, lookup: EmbedLookup, build: DemoBuild): ModelAttributesJson {
  const connector = lookup.getConnector(model.connectorId);
  return {
    name: model.name,
    description: model.description,
    query: model.query,
    query_type: model.queryType,
    configuration: build === 'hosted' ? (maskConfiguration(model.configuration) as ModelAttributesJson['configuration']) : model.configuration,
    primary_key: model.primaryKey,
    created_at: formatTimestamp(model.createdAt),
    updated_at: formatTimestamp(model.updatedAt),
    connector: connector ? { id: connector.id, ...connectorAttributes(connector) } : null,
  };
}

export function toConnectorResource(connector: DemoConnector): ConnectorResource {
  return { id: String(connector.id), type: 'connectors', attributes: connectorAttributes(connector) };
}

export function toModelResource(model: DemoModel, lookup: EmbedLookup, build: DemoBuild = 'open-source'): ModelResource {
  return { id: String(model.id), type: 'models', attributes: modelAttributes(model, lookup, build) };
}

export function toSyncResource(sync: DemoSync, lookup: EmbedLookup, build: DemoBuild = 'open-source'): SyncResource {
  const source = lookup.getConnector(sync.sourceId);
  const destination = lookup.getConnector(sync.destinationId);
  const model = lookup.getModel(sync.modelId);
  const hosted = build === 'hosted';
  return {
    id: String(sync.id),
    type: 'syncs',
    attributes: {
      ...(hosted ? { name: sync.name } : {}),
      source_id: sync.sourceId,
      destination_id: sync.destinationId,
      model_id: sync.modelId,
      configuration: hosted ? (maskConfiguration(sync.configuration) as SyncAttributesJson['configuration']) : sync.configuration,
      schedule_type: sync.scheduleType,
      sync_mode: sync.syncMode,
      sync_interval: sync.syncInterval,
      sync_interval_unit: sync.syncIntervalUnit,
      cron_expression: sync.cronExpression,
      stream_name: sync.streamName,
      status: sync.status,
      cursor_field: sync.cursorField,
      current_cursor_field: sync.currentCursorField,
      updated_at: formatTimestamp(sync.updatedAt),
      created_at: formatTimestamp(sync.createdAt),
      source: source ? serializeConnectorSummary(source) : null,
      destination: destination ? serializeConnectorSummary(destination) : null,
      model: model ? { id: model.id, ...modelAttributes(model, lookup, build) } : null,
    },
  };
}

/** `finished_at - started_at` in (fractional) seconds, or null while either is unknown. */
export function runDurationSeconds(run: DemoSyncRun): number | null {
  return run.startedAt === null || run.finishedAt === null ? null : (run.finishedAt - run.startedAt) / 1000;
}

export function toSyncRunResource(run: DemoSyncRun): SyncRunResource {
  return {
    id: String(run.id),
    type: 'sync_runs',
    attributes: {
      sync_id: run.syncId,
      status: run.status,
      sync_run_type: run.syncRunType,
      started_at: formatNullableTimestamp(run.startedAt),
      finished_at: formatNullableTimestamp(run.finishedAt),
      duration: runDurationSeconds(run),
      total_query_rows: run.totalQueryRows,
      total_rows: run.totalRows,
      skipped_rows: run.skippedRows,
      successful_rows: run.successfulRows,
      failed_rows: run.failedRows,
      error: run.error,
      created_at: formatTimestamp(run.createdAt),
      updated_at: formatTimestamp(run.updatedAt),
    },
  };
}

export function toSyncRecordResource(record: DemoSyncRecord): SyncRecordResource {
  return {
    id: String(record.id),
    type: 'sync_records',
    attributes: {
      sync_id: record.syncId,
      sync_run_id: record.syncRunId,
      record: record.record,
      status: record.status,
      action: record.action,
      logs: record.logs,
      created_at: formatTimestamp(record.createdAt),
      updated_at: formatTimestamp(record.updatedAt),
    },
  };
}

export function toWorkspaceResource(workspace: DemoWorkspace): WorkspaceResource {
  return {
    id: String(workspace.id),
    type: 'workspaces',
    attributes: {
      name: workspace.name,
      slug: workspace.slug,
      status: workspace.status,
      // The upstream exposes a workspace API key here; the demo has none to give.
      api_key: null,
      created_at: formatTimestamp(workspace.createdAt),
      updated_at: formatTimestamp(workspace.updatedAt),
      description: workspace.description,
      region: workspace.region,
      organization_id: workspace.organizationId,
      organization_name: workspace.organizationName,
    },
  };
}
