/**
 * The seeded syncs of a workspace: each one from a fixed scenario or a random but coherent one, with a
 * configuration in the destination's dialect and its runs and records.
 */
import { CONNECTOR_BLUEPRINTS, type ConnectorKey } from './connectorCatalog';
import { dialectFor } from './destinations';
import { ENTITY_COLUMNS, type EntityKind } from './entities';
import type { IdAllocator } from './ids';
import { MODEL_BLUEPRINTS, type ModelKey } from './modelCatalog';
import type { Random } from './random';
import type { SyncScenario, SyncSchedule, WorkspacePlan } from './scenarios';
import { seedRunsForSync } from './seedRuns';
import type { DemoConnector, DemoData, DemoModel, DemoSync, SyncMapping } from './types';

const DAY = 86_400_000;

export interface SeededModel {
  model: DemoModel;
  /** What rows the model yields (so its syncs produce matching records). */
  entity: EntityKind;
}

export interface SyncSeedContext {
  plan: WorkspacePlan;
  /** Position of the sync in the workspace plan: the first ones follow `plan.fixedSyncs`. */
  index: number;
  connectors: ReadonlyMap<ConnectorKey, DemoConnector>;
  models: ReadonlyMap<ModelKey, SeededModel>;
  data: DemoData;
  rng: Random;
  ids: IdAllocator;
  /** "Now" of the seeded world. */
  anchor: number;
}

/** Adds one sync, its runs and their records to `data`. */
export function seedSync({ plan, index, connectors, models, data, rng, ids, anchor }: SyncSeedContext): void {
  const scenario = plan.fixedSyncs[index] ?? drawScenario(plan, rng);
  const entry = models.get(scenario.model);
  const destination = connectors.get(scenario.destination);
  if (!entry || !destination) throw new Error(`Sync scenario ${index} of workspace ${plan.id} is inconsistent`);
  const source = connectors.get(sourceKeyOf(scenario.model));
  const dialect = dialectFor(destination.connectorName);
  const stream = dialect.streams[entry.entity];
  if (!source || stream === undefined) throw new Error(`Sync scenario ${index} of workspace ${plan.id} pairs incompatible connectors`);

  const sync: DemoSync = {
    id: ids.next('sync'),
    workspaceId: plan.id,
    name: `${entry.model.name} to ${destination.name}`,
    sourceId: source.id,
    destinationId: destination.id,
    modelId: entry.model.id,
    configuration: buildConfiguration(scenario.configFormat, dialect.fieldMap(entry.entity), source.connectorName, embeddingOf(entry.model)),
    ...scheduleFields(scenario.schedule),
    syncMode: scenario.syncMode,
    streamName: stream,
    status: scenario.status,
    cursorField: scenario.syncMode === 'incremental' ? cursorColumn(entry.entity) : null,
    currentCursorField: null,
    createdAt: 0,
    updatedAt: 0,
    discardedAt: null,
    ...(scenario.workflowStartFails ? { workflowStartFails: true } : {}),
  };
  const { runs, records } = seedRunsForSync({
    rng,
    ids,
    sync,
    scenario,
    entity: entry.entity,
    destinationConnectorName: destination.connectorName,
    notBefore: Math.max(entry.model.createdAt, destination.createdAt),
    anchor,
  });
  data.syncs.push(sync);
  data.runs.push(...runs);
  data.records.push(...records);
}

function sourceKeyOf(model: ModelKey): ConnectorKey {
  const blueprint = MODEL_BLUEPRINTS.find((candidate) => candidate.key === model);
  if (!blueprint) throw new Error(`Unknown model blueprint ${model}`);
  return blueprint.source;
}

function cursorColumn(entity: EntityKind): string {
  const columns = ENTITY_COLUMNS[entity];
  return columns[columns.length - 1] as string;
}

/** The server nulls the interval fields for non-interval schedules and the cron for non-cron ones. */
function scheduleFields(schedule: SyncSchedule): Pick<DemoSync, 'scheduleType' | 'syncInterval' | 'syncIntervalUnit' | 'cronExpression'> {
  switch (schedule.type) {
    case 'manual':
      return { scheduleType: 'manual', syncInterval: null, syncIntervalUnit: null, cronExpression: null };
    case 'interval':
      return { scheduleType: 'interval', syncInterval: schedule.every, syncIntervalUnit: schedule.unit, cronExpression: null };
    case 'cron_expression':
      return { scheduleType: 'cron_expression', syncInterval: null, syncIntervalUnit: null, cronExpression: schedule.expression };
  }
}

/** The embedding settings of a model that embeds text (unstructured, vector search), key included. */
function embeddingOf(model: DemoModel): SyncMapping['embedding_config'] {
  const config = model.configuration?.embedding_config as Partial<NonNullable<SyncMapping['embedding_config']>> | undefined;
  if (!config || config.mode === undefined || config.model === undefined || config.api_key === undefined) return undefined;
  return { mode: config.mode, model: config.model, api_key: config.api_key };
}

/**
 * Array-of-mappings (current) or object-map (legacy) configuration from a destination field map. A sync
 * of a model that embeds text gets a vector mapping whose `embedding_config` carries the provider's API
 * key in clear text, as the server stores and serves it (docs/upstream-contract.md §2.2).
 */
function buildConfiguration(
  format: 'array' | 'object',
  fieldMap: Record<string, string>,
  sourceConnectorName: string,
  embedding: SyncMapping['embedding_config'],
): DemoSync['configuration'] {
  if (format === 'object') return { ...fieldMap };
  const mappings: SyncMapping[] = Object.entries(fieldMap).map(([from, to]) => ({ from, to, mapping_type: 'standard' }));
  mappings.push({
    to: 'properties.source_system',
    mapping_type: 'static',
    value: sourceConnectorName.toLowerCase(),
    value_type: 'string',
  });
  if (embedding) mappings.push({ from: 'chunk', to: 'embedding', mapping_type: 'vector', embedding_config: { ...embedding } });
  return mappings;
}

const RANDOM_SCHEDULES: readonly SyncSchedule[] = [
  { type: 'manual' },
  { type: 'interval', every: 15, unit: 'minutes' },
  { type: 'interval', every: 30, unit: 'minutes' },
  { type: 'interval', every: 1, unit: 'hours' },
  { type: 'interval', every: 6, unit: 'hours' },
  { type: 'interval', every: 12, unit: 'hours' },
  { type: 'interval', every: 1, unit: 'days' },
  { type: 'interval', every: 1, unit: 'weeks' },
  { type: 'cron_expression', expression: '0 6 * * 1-5', everyMs: DAY },
  { type: 'cron_expression', expression: '30 */2 * * *', everyMs: 2 * 3_600_000 },
  { type: 'cron_expression', expression: '0 0 * * 0', everyMs: 7 * DAY },
];

/** A random but coherent scenario: the newest run's status agrees with the sync status. */
function drawScenario(plan: WorkspacePlan, rng: Random): SyncScenario {
  const destinations = plan.connectors.filter(
    (key) => CONNECTOR_BLUEPRINTS.find((blueprint) => blueprint.key === key)?.connectorType === 'destination',
  );
  for (;;) {
    const model = rng.pick(plan.models);
    const blueprint = MODEL_BLUEPRINTS.find((candidate) => candidate.key === model);
    const destination = rng.pick(destinations);
    const connectorName = CONNECTOR_BLUEPRINTS.find((candidate) => candidate.key === destination)?.connectorName ?? '';
    if (!blueprint || dialectFor(connectorName).streams[blueprint.entity] === undefined) continue;

    const status = rng.weighted({ healthy: 50, failed: 15, pending: 10, disabled: 15, aborted: 10 });
    const runCount = status === 'pending' ? rng.int(0, 3) : rng.int(1, 25);
    const latestRun =
      status === 'healthy'
        ? 'success'
        : status === 'failed'
          ? 'failed'
          : status === 'aborted'
            ? 'canceled'
            : status === 'pending'
              ? rng.pick(['pending', 'queued'] as const)
              : rng.pick(['success', 'failed'] as const);
    const testRuns = Array.from({ length: runCount }, (_, position) => position).filter(
      (position) => position > 0 && rng.chance(0.05),
    );
    return {
      model,
      destination,
      status,
      schedule: rng.pick(RANDOM_SCHEDULES),
      syncMode: rng.chance(0.5) ? 'incremental' : 'full_refresh',
      configFormat: rng.chance(0.25) ? 'object' : 'array',
      runCount,
      latestRun,
      testRuns,
    };
  }
}
