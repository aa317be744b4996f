/**
 * Builds the whole seeded world from one integer seed: workspaces, users, connectors, models, syncs,
 * runs and records. Same seed, same data (no clock or Math.random is consulted); every timestamp lies
 * before SEED_ANCHOR.
 */
import { CONNECTOR_BLUEPRINTS } from './connectorCatalog';
import type { ConnectorKey } from './connectorCatalog';
import { DEMO_TOKEN, DEMO_WORKSPACE_ID, DEMO_SECOND_WORKSPACE_ID, OTHER_TOKEN, OTHER_WORKSPACE_ID, VIEWER_NO_RECORDS_TOKEN } from './credentials';
import { dialectFor } from './destinations';
import { ENTITY_COLUMNS, type EntityKind } from './entities';
import { createIdAllocator, type IdAllocator } from './ids';
import { MODEL_BLUEPRINTS } from './modelCatalog';
import type { ModelKey } from './modelCatalog';
import { createRandom, type Random } from './random';
import { ADMIN_ROLE, VIEWER_WITHOUT_RECORDS_ROLE } from './roles';
import { WORKSPACE_PLANS, type SyncScenario, type SyncSchedule, type WorkspacePlan } from './scenarios';
import { seedRunsForSync } from './seedRuns';
import type { DemoConnector, DemoData, DemoModel, DemoSync, DemoUser, DemoWorkspace, SyncMapping } from './types';

/** The seed used when none is given. */
export const DEFAULT_SEED = 20250314;

/** "Now" of the seeded world (2025-03-14T09:00:00.000Z): all seeded timestamps are earlier. */
export const SEED_ANCHOR = Date.UTC(2025, 2, 14, 9, 0, 0, 0);

const DAY = 86_400_000;

export function generateDemoData(seed: number = DEFAULT_SEED): DemoData {
  const rng = createRandom(seed);
  const ids = createIdAllocator();
  const data: DemoData = {
    workspaces: [],
    users: seedUsers(),
    connectors: [],
    models: [],
    syncs: [],
    runs: [],
    records: [],
  };
  for (const plan of WORKSPACE_PLANS) seedWorkspace(plan, data, rng, ids);
  return data;
}

function seedUsers(): DemoUser[] {
  return [
    {
      id: 1,
      name: 'Dana Demo',
      email: 'dana.demo@acme.com',
      token: DEMO_TOKEN,
      memberships: [
        { workspaceId: DEMO_WORKSPACE_ID, role: ADMIN_ROLE },
        { workspaceId: DEMO_SECOND_WORKSPACE_ID, role: ADMIN_ROLE },
      ],
    },
    {
      id: 2,
      name: 'Oscar Other',
      email: 'oscar@globex.example',
      token: OTHER_TOKEN,
      memberships: [{ workspaceId: OTHER_WORKSPACE_ID, role: ADMIN_ROLE }],
    },
    {
      id: 3,
      name: 'Vera Viewer',
      email: 'vera.viewer@acme.com',
      token: VIEWER_NO_RECORDS_TOKEN,
      memberships: [{ workspaceId: DEMO_WORKSPACE_ID, role: VIEWER_WITHOUT_RECORDS_ROLE }],
    },
  ];
}

function seedWorkspace(plan: WorkspacePlan, data: DemoData, rng: Random, ids: IdAllocator): void {
  const createdAt = SEED_ANCHOR - rng.int(430 * DAY, 500 * DAY);
  const workspace: DemoWorkspace = {
    id: plan.id,
    name: plan.name,
    slug: plan.slug,
    status: 'active',
    description: plan.description,
    region: plan.region,
    organizationId: plan.organizationId,
    organizationName: plan.organizationName,
    createdAt,
    updatedAt: createdAt + rng.int(0, 60 * DAY),
  };
  data.workspaces.push(workspace);

  const connectors = new Map<ConnectorKey, DemoConnector>();
  for (const key of plan.connectors) {
    const blueprint = CONNECTOR_BLUEPRINTS.find((candidate) => candidate.key === key);
    if (!blueprint) throw new Error(`Unknown connector blueprint ${key}`);
    const connectorCreated = SEED_ANCHOR - rng.int(290 * DAY, 420 * DAY);
    const connector: DemoConnector = {
      id: ids.next('connector'),
      workspaceId: plan.id,
      name: blueprint.name,
      description: blueprint.description,
      connectorType: blueprint.connectorType,
      connectorName: blueprint.connectorName,
      icon: 'icon.svg',
      category: blueprint.category,
      subCategory: blueprint.subCategory,
      configuration: blueprint.configuration(plan.company),
      createdAt: connectorCreated,
      updatedAt: rng.chance(0.3) ? connectorCreated : connectorCreated + rng.int(DAY, 80 * DAY),
    };
    connectors.set(key, connector);
    data.connectors.push(connector);
  }

  const models = new Map<ModelKey, { model: DemoModel; entity: EntityKind }>();
  for (const key of plan.models) {
    const blueprint = MODEL_BLUEPRINTS.find((candidate) => candidate.key === key);
    const connector = blueprint && connectors.get(blueprint.source);
    if (!blueprint || !connector) throw new Error(`Model ${key} needs connector ${blueprint?.source} in workspace ${plan.id}`);
    const modelCreated = SEED_ANCHOR - rng.int(200 * DAY, 280 * DAY);
    const model: DemoModel = {
      id: ids.next('model'),
      workspaceId: plan.id,
      connectorId: connector.id,
      name: blueprint.name,
      description: blueprint.description,
      query: blueprint.query,
      queryType: blueprint.queryType,
      configuration: blueprint.configuration,
      primaryKey: blueprint.primaryKey,
      createdAt: modelCreated,
      updatedAt: rng.chance(0.4) ? modelCreated : modelCreated + rng.int(DAY, 90 * DAY),
    };
    models.set(key, { model, entity: blueprint.entity });
    data.models.push(model);
  }

  for (let index = 0; index < plan.syncCount; index++) {
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
      configuration: buildConfiguration(scenario.configFormat, dialect.fieldMap(entry.entity), source.connectorName),
      ...scheduleFields(scenario.schedule),
      syncMode: scenario.syncMode,
      streamName: stream,
      status: scenario.status,
      cursorField: scenario.syncMode === 'incremental' ? cursorColumn(entry.entity) : null,
      currentCursorField: null,
      createdAt: 0,
      updatedAt: 0,
      discardedAt: null,
    };
    const { runs, records } = seedRunsForSync({
      rng,
      ids,
      sync,
      scenario,
      entity: entry.entity,
      destinationConnectorName: destination.connectorName,
      notBefore: Math.max(entry.model.createdAt, destination.createdAt),
      anchor: SEED_ANCHOR,
    });
    data.syncs.push(sync);
    data.runs.push(...runs);
    data.records.push(...records);
  }
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

/** Array-of-mappings (current) or object-map (legacy) configuration from a destination field map. */
function buildConfiguration(
  format: 'array' | 'object',
  fieldMap: Record<string, string>,
  sourceConnectorName: string,
): DemoSync['configuration'] {
  if (format === 'object') return { ...fieldMap };
  const mappings: SyncMapping[] = Object.entries(fieldMap).map(([from, to]) => ({ from, to, mapping_type: 'standard' }));
  mappings.push({
    to: 'properties.source_system',
    mapping_type: 'static',
    value: sourceConnectorName.toLowerCase(),
    value_type: 'string',
  });
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
