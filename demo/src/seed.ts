/**
 * Builds the whole seeded world from one integer seed: workspaces, users, connectors, models, syncs,
 * runs and records. Same seed, same data (no clock or Math.random is consulted); every timestamp lies
 * before SEED_ANCHOR.
 */
import { CONNECTOR_BLUEPRINTS, type ConnectorKey } from './connectorCatalog';
import {
  DEMO_SECOND_WORKSPACE_ID,
  DEMO_TOKEN,
  DEMO_WORKSPACE_ID,
  EULA_PENDING_TOKEN,
  OTHER_TOKEN,
  OTHER_WORKSPACE_ID,
  VIEWER_NO_RECORDS_TOKEN,
  VIEWER_TOKEN,
} from './credentials';
import { createIdAllocator, type IdAllocator } from './ids';
import { MODEL_BLUEPRINTS, type ModelKey } from './modelCatalog';
import { createRandom, type Random } from './random';
import { ADMIN_ROLE, VIEWER_ROLE, VIEWER_WITHOUT_RECORDS_ROLE } from './roles';
import { WORKSPACE_PLANS, type WorkspacePlan } from './scenarios';
import { seedSync, type SeededModel } from './seedSyncs';
import type { DemoConnector, DemoData, DemoModel, DemoUser, DemoWorkspace } from './types';

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
    {
      id: 4,
      name: 'Victor Viewer',
      email: 'victor.viewer@acme.com',
      token: VIEWER_TOKEN,
      memberships: [{ workspaceId: DEMO_WORKSPACE_ID, role: VIEWER_ROLE }],
    },
    {
      id: 5,
      name: 'Nina New',
      email: 'nina.new@acme.com',
      token: EULA_PENDING_TOKEN,
      memberships: [{ workspaceId: DEMO_WORKSPACE_ID, role: ADMIN_ROLE }],
      eulaAccepted: false,
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

  const connectors = seedConnectors(plan, data, rng, ids);
  const models = seedModels(plan, connectors, data, rng, ids);
  for (let index = 0; index < plan.syncCount; index++) {
    seedSync({ plan, index, connectors, models, data, rng, ids, anchor: SEED_ANCHOR });
  }
}

function seedConnectors(plan: WorkspacePlan, data: DemoData, rng: Random, ids: IdAllocator): Map<ConnectorKey, DemoConnector> {
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
      icon: iconUrlOf(blueprint.connectorType, blueprint.connectorName),
      category: blueprint.category,
      subCategory: blueprint.subCategory,
      configuration: blueprint.configuration(plan.company),
      createdAt: connectorCreated,
      updatedAt: rng.chance(0.3) ? connectorCreated : connectorCreated + rng.int(DAY, 80 * DAY),
    };
    connectors.set(key, connector);
    data.connectors.push(connector);
  }
  return connectors;
}

/** The server builds the icon's URL from the connector definition's folder in its repository (§2.2). */
function iconUrlOf(connectorType: string, connectorName: string): string {
  const folder = connectorName.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  return `https://raw.githubusercontent.com/Multiwoven/multiwoven/main/integrations/lib/multiwoven/integrations/${connectorType}/${folder}/icon.svg`;
}

function seedModels(
  plan: WorkspacePlan,
  connectors: ReadonlyMap<ConnectorKey, DemoConnector>,
  data: DemoData,
  rng: Random,
  ids: IdAllocator,
): Map<ModelKey, SeededModel> {
  const models = new Map<ModelKey, SeededModel>();
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
  return models;
}
