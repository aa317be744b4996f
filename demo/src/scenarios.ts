/**
 * What the seed builds per workspace. The first syncs of each workspace are fixed scenarios, so their
 * ids and behaviour are the same for every seed (tests and the README can name them); the remaining
 * syncs are drawn at random from the workspace's models and destinations.
 */
import type { CompanyProfile, ConnectorKey } from './connectorCatalog';
import { CONNECTOR_BLUEPRINTS } from './connectorCatalog';
import type { ModelKey } from './modelCatalog';
import { MODEL_BLUEPRINTS } from './modelCatalog';
import type { SyncIntervalUnit, SyncMode, SyncRunStatus, SyncStatus } from './types';
import { DEMO_SECOND_WORKSPACE_ID, DEMO_WORKSPACE_ID, OTHER_WORKSPACE_ID } from './credentials';

export type SyncSchedule =
  | { type: 'manual' }
  | { type: 'interval'; every: number; unit: SyncIntervalUnit }
  | { type: 'cron_expression'; expression: string; everyMs: number };

export interface SyncScenario {
  model: ModelKey;
  destination: ConnectorKey;
  status: SyncStatus;
  schedule: SyncSchedule;
  syncMode: SyncMode;
  configFormat: 'array' | 'object';
  runCount: number;
  /** Status of the newest run (older runs are terminal). Ignored when runCount is 0. */
  latestRun: SyncRunStatus;
  /** Runs with hundreds of records, addressed by position from the newest run (0 = newest). */
  bigRuns?: ReadonlyArray<{ fromNewest: number; records: number }>;
  /** Positions (0 = newest) of runs of type `test`. */
  testRuns?: readonly number[];
  /** `error` text of the newest run. */
  latestRunError?: string;
  /** The destination loads in batches: failed records get no `logs` (docs/upstream-contract.md §2.4). */
  batchLoad?: boolean;
  /** The workflow engine cannot start this sync's runs: a trigger answers 200 and starts none (§2.7). */
  workflowStartFails?: boolean;
}

export interface WorkspacePlan {
  id: number;
  name: string;
  slug: string;
  description: string | null;
  region: string;
  organizationId: number;
  organizationName: string;
  company: CompanyProfile;
  connectors: readonly ConnectorKey[];
  models: readonly ModelKey[];
  /** Total syncs; those beyond `fixedSyncs` are random. */
  syncCount: number;
  fixedSyncs: readonly SyncScenario[];
}

const hourly: SyncSchedule = { type: 'interval', every: 1, unit: 'hours' };
const manual: SyncSchedule = { type: 'manual' };
const HOUR = 3_600_000;

export const WORKSPACE_PLANS: readonly WorkspacePlan[] = [
  {
    id: DEMO_WORKSPACE_ID,
    name: 'Acme Marketing',
    slug: 'acme-marketing',
    description: 'Lifecycle and paid marketing activation',
    region: 'us-east-1',
    organizationId: 1,
    organizationName: 'Acme Corp',
    company: { slug: 'acme', domain: 'acme.com' },
    connectors: CONNECTOR_BLUEPRINTS.map((blueprint) => blueprint.key),
    models: MODEL_BLUEPRINTS.map((blueprint) => blueprint.key),
    syncCount: 36,
    fixedSyncs: [
      // 1: the showcase sync: hourly, 25 runs, newest run has 420 records.
      { model: 'active_customers', destination: 'klaviyo', status: 'healthy', schedule: hourly, syncMode: 'incremental', configFormat: 'array', runCount: 25, latestRun: 'success', bigRuns: [{ fromNewest: 0, records: 420 }] },
      // 2: manual and idle: can be scheduled.
      { model: 'trial_signups', destination: 'hubspot', status: 'healthy', schedule: manual, syncMode: 'full_refresh', configFormat: 'object', runCount: 12, latestRun: 'success' },
      // 3: manual with a run in progress: scheduling answers 424, cancelling succeeds.
      { model: 'active_customers', destination: 'braze', status: 'pending', schedule: manual, syncMode: 'incremental', configFormat: 'array', runCount: 8, latestRun: 'in_progress', bigRuns: [{ fromNewest: 0, records: 120 }] },
      // 4: disabled manual sync: schedule/cancel answer "Sync is disabled"; enable moves it to pending.
      { model: 'high_value_accounts', destination: 'salesforce_crm', status: 'disabled', schedule: manual, syncMode: 'full_refresh', configFormat: 'object', runCount: 5, latestRun: 'success' },
      // 5: cron sync whose newest run failed with many failed records, loaded in batches (failed records have no logs).
      { model: 'product_qualified_leads', destination: 'iterable', status: 'failed', schedule: { type: 'cron_expression', expression: '0 */6 * * *', everyMs: 6 * HOUR }, syncMode: 'incremental', configFormat: 'array', runCount: 20, latestRun: 'failed', batchLoad: true },
      // 6: every 15 minutes; the third-newest run has 600 records.
      { model: 'customer_ltv', destination: 'klaviyo', status: 'healthy', schedule: { type: 'interval', every: 15, unit: 'minutes' }, syncMode: 'incremental', configFormat: 'array', runCount: 25, latestRun: 'success', bigRuns: [{ fromNewest: 2, records: 600 }] },
      // 7: aborted: newest run was canceled.
      { model: 'open_invoices', destination: 'slack', status: 'aborted', schedule: { type: 'interval', every: 1, unit: 'days' }, syncMode: 'full_refresh', configFormat: 'array', runCount: 9, latestRun: 'canceled' },
      // 8: brand-new manual sync without a single run (empty run list): its workflow never starts, so a
      // trigger answers 200 and still no run appears.
      { model: 'abandoned_carts', destination: 'braze', status: 'pending', schedule: manual, syncMode: 'full_refresh', configFormat: 'array', runCount: 0, latestRun: 'pending', workflowStartFails: true },
      // 9: weekly.
      { model: 'open_opportunities', destination: 'hubspot', status: 'healthy', schedule: { type: 'interval', every: 1, unit: 'weeks' }, syncMode: 'full_refresh', configFormat: 'object', runCount: 6, latestRun: 'success' },
      // 10: manual AI/ML sync; newest run has 260 records, the fourth-newest is a test run.
      { model: 'churn_scores', destination: 'braze', status: 'healthy', schedule: manual, syncMode: 'incremental', configFormat: 'array', runCount: 15, latestRun: 'success', bigRuns: [{ fromNewest: 0, records: 260 }], testRuns: [3] },
      // 11-13, 17: one sync per remaining active run status.
      { model: 'customers_by_region', destination: 'google_sheets', status: 'pending', schedule: { type: 'interval', every: 30, unit: 'minutes' }, syncMode: 'incremental', configFormat: 'array', runCount: 14, latestRun: 'queued' },
      { model: 'help_center_chunks', destination: 'pinecone_destination', status: 'pending', schedule: { type: 'cron_expression', expression: '15 2 * * *', everyMs: 24 * HOUR }, syncMode: 'full_refresh', configFormat: 'array', runCount: 10, latestRun: 'started' },
      { model: 'ticket_summaries', destination: 'slack', status: 'pending', schedule: manual, syncMode: 'full_refresh', configFormat: 'array', runCount: 4, latestRun: 'querying' },
      // 14: newest run paused (not an "active" status).
      { model: 'high_value_accounts', destination: 'google_sheets', status: 'healthy', schedule: { type: 'interval', every: 4, unit: 'hours' }, syncMode: 'incremental', configFormat: 'array', runCount: 18, latestRun: 'paused' },
      // 15: manual sync whose newest run failed during extraction (no records, error text set).
      { model: 'trial_signups', destination: 'salesforce_crm', status: 'failed', schedule: manual, syncMode: 'full_refresh', configFormat: 'object', runCount: 7, latestRun: 'failed', latestRunError: 'PG::ConnectionBad: connection to server at "crm-replica.internal.acme.com" (10.0.4.12), port 5432 failed: timeout expired' },
      // 16: disabled interval sync with a long history.
      { model: 'semantic_product_search', destination: 'postgres_destination', status: 'disabled', schedule: { type: 'interval', every: 2, unit: 'days' }, syncMode: 'full_refresh', configFormat: 'array', runCount: 25, latestRun: 'success' },
      { model: 'active_customers', destination: 'iterable', status: 'pending', schedule: hourly, syncMode: 'incremental', configFormat: 'array', runCount: 3, latestRun: 'pending' },
    ],
  },
  {
    id: DEMO_SECOND_WORKSPACE_ID,
    name: 'Acme Sales Ops',
    slug: 'acme-sales-ops',
    description: null,
    region: 'us-east-1',
    organizationId: 1,
    organizationName: 'Acme Corp',
    company: { slug: 'acme', domain: 'acme.com' },
    connectors: ['snowflake', 'postgres_source', 'bigquery', 'openai', 'hubspot', 'salesforce_crm', 'slack', 'klaviyo'],
    models: ['active_customers', 'trial_signups', 'customer_ltv', 'abandoned_carts', 'ticket_summaries', 'customers_by_region'],
    syncCount: 14,
    fixedSyncs: [
      { model: 'active_customers', destination: 'hubspot', status: 'healthy', schedule: hourly, syncMode: 'incremental', configFormat: 'array', runCount: 22, latestRun: 'success', bigRuns: [{ fromNewest: 1, records: 300 }] },
      { model: 'trial_signups', destination: 'klaviyo', status: 'healthy', schedule: manual, syncMode: 'full_refresh', configFormat: 'object', runCount: 6, latestRun: 'success' },
    ],
  },
  {
    id: OTHER_WORKSPACE_ID,
    name: 'Globex Analytics',
    slug: 'globex-analytics',
    description: 'Customer data team',
    region: 'eu-west-1',
    organizationId: 2,
    organizationName: 'Globex',
    company: { slug: 'globex', domain: 'globex.example' },
    connectors: ['redshift', 'snowflake', 'braze', 'google_sheets', 'iterable'],
    models: ['active_customers', 'open_invoices', 'high_value_accounts'],
    syncCount: 6,
    fixedSyncs: [
      { model: 'active_customers', destination: 'braze', status: 'healthy', schedule: { type: 'interval', every: 2, unit: 'hours' }, syncMode: 'incremental', configFormat: 'array', runCount: 16, latestRun: 'success', bigRuns: [{ fromNewest: 0, records: 260 }] },
      { model: 'high_value_accounts', destination: 'google_sheets', status: 'healthy', schedule: manual, syncMode: 'full_refresh', configFormat: 'object', runCount: 5, latestRun: 'success' },
    ],
  },
];
