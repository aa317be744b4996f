/**
 * The models the seed can place in a workspace, one per realistic use case, covering every query type
 * of the upstream enum (docs/upstream-contract.md §5). `entity` says what rows the model yields, so
 * syncs built on it produce matching sync records.
 */
import type { ConnectorKey } from './connectorCatalog';
import type { EntityKind } from './entities';
import type { ModelQueryType } from './types';

export type ModelKey =
  | 'active_customers'
  | 'trial_signups'
  | 'high_value_accounts'
  | 'customer_ltv'
  | 'abandoned_carts'
  | 'open_invoices'
  | 'product_qualified_leads'
  | 'open_opportunities'
  | 'churn_scores'
  | 'ticket_summaries'
  | 'customers_by_region'
  | 'help_center_chunks'
  | 'semantic_product_search';

export interface ModelBlueprint {
  key: ModelKey;
  name: string;
  description: string | null;
  queryType: ModelQueryType;
  source: ConnectorKey;
  query: string | null;
  primaryKey: string | null;
  configuration: Record<string, unknown> | null;
  entity: EntityKind;
}

const scoreSchema = {
  input: [{ name: 'customer_id', type: 'string' }],
  output: [
    { name: 'churn_score', type: 'number' },
    { name: 'segment', type: 'string' },
  ],
};

export const MODEL_BLUEPRINTS: readonly ModelBlueprint[] = [
  {
    key: 'active_customers',
    name: 'Active customers',
    description: 'Customers seen in the last 90 days',
    queryType: 'raw_sql',
    source: 'snowflake',
    query:
      'SELECT id, email, first_name, last_name, state, updated_at FROM analytics.customers WHERE last_seen_at > DATEADD(day, -90, CURRENT_DATE)',
    primaryKey: 'id',
    configuration: null,
    entity: 'person',
  },
  {
    key: 'trial_signups',
    name: 'Trial signups (7 days)',
    description: 'New trials for onboarding campaigns',
    queryType: 'raw_sql',
    source: 'postgres_source',
    query:
      "SELECT id, email, first_name, last_name, state, updated_at FROM public.users WHERE plan = 'trial' AND created_at > now() - interval '7 days'",
    primaryKey: 'id',
    configuration: null,
    entity: 'person',
  },
  {
    key: 'high_value_accounts',
    name: 'High value accounts',
    description: 'Accounts above 50k ARR',
    queryType: 'dbt',
    source: 'snowflake',
    query: "select id, name, domain, industry, employees, arr, updated_at from {{ ref('dim_accounts') }} where arr > 50000",
    primaryKey: 'id',
    configuration: null,
    entity: 'account',
  },
  {
    key: 'customer_ltv',
    name: 'Customer lifetime value',
    description: 'dbt LTV model with churn segment',
    queryType: 'dbt',
    source: 'bigquery',
    query: "select customer_id, email, churn_score, segment, scored_at from {{ ref('fct_customer_ltv') }}",
    primaryKey: 'customer_id',
    configuration: null,
    entity: 'score',
  },
  {
    key: 'abandoned_carts',
    name: 'Abandoned carts',
    description: null,
    queryType: 'table_selector',
    source: 'bigquery',
    query: 'SELECT * FROM marketing.abandoned_carts',
    primaryKey: 'id',
    configuration: null,
    entity: 'person',
  },
  {
    key: 'open_invoices',
    name: 'Accounts with open invoices',
    description: 'Finance follow-up list',
    queryType: 'table_selector',
    source: 'redshift',
    query: 'SELECT * FROM reporting.accounts_open_invoices',
    primaryKey: 'id',
    configuration: null,
    entity: 'account',
  },
  {
    key: 'product_qualified_leads',
    name: 'Product-qualified leads',
    description: 'Users who hit the activation milestone',
    queryType: 'raw_sql',
    source: 'databricks',
    query:
      'SELECT id, email, first_name, last_name, state, updated_at FROM product.users WHERE activated = true AND plan = \'free\'',
    primaryKey: 'id',
    configuration: null,
    entity: 'person',
  },
  {
    key: 'open_opportunities',
    name: 'Open opportunities',
    description: 'Pipeline accounts from Salesforce',
    queryType: 'soql',
    source: 'salesforce_source',
    query: 'SELECT Id, Name, Website, Industry, NumberOfEmployees, AnnualRevenue FROM Account WHERE Id IN (SELECT AccountId FROM Opportunity WHERE IsClosed = false)',
    primaryKey: 'id',
    configuration: null,
    entity: 'account',
  },
  {
    key: 'churn_scores',
    name: 'Churn risk scores',
    description: 'SageMaker churn predictions per customer',
    queryType: 'ai_ml',
    source: 'sagemaker',
    query: null,
    primaryKey: 'customer_id',
    configuration: {
      harvesters: [{ value: 'customer_id', method: 'dom', selector: '#customer-id', preprocess: '' }],
      json_schema: scoreSchema,
    },
    entity: 'score',
  },
  {
    key: 'ticket_summaries',
    name: 'Support ticket summaries',
    description: 'GPT-4o summary and sentiment per open ticket',
    queryType: 'ai_ml',
    source: 'openai',
    query: null,
    primaryKey: 'customer_id',
    configuration: {
      harvesters: [{ value: 'ticket_text', method: 'dom', selector: '.ticket-body', preprocess: '' }],
      json_schema: {
        input: [{ name: 'ticket_text', type: 'string' }],
        output: [
          { name: 'summary', type: 'string' },
          { name: 'sentiment', type: 'string' },
        ],
      },
    },
    entity: 'score',
  },
  {
    key: 'customers_by_region',
    name: 'Customers by region',
    description: 'Dynamic SQL filtered by the visitor region',
    queryType: 'dynamic_sql',
    source: 'postgres_source',
    query: 'SELECT id, email, first_name, last_name, state, updated_at FROM public.users WHERE state = :state',
    primaryKey: 'id',
    configuration: {
      harvesters: [{ value: 'state', method: 'dom', selector: '#region', preprocess: '' }],
      json_schema: { input: [{ name: 'state', type: 'string' }], output: [{ name: 'id', type: 'integer' }] },
    },
    entity: 'person',
  },
  {
    key: 'help_center_chunks',
    name: 'Help-center articles',
    description: 'Chunked articles for the support assistant',
    queryType: 'unstructured',
    source: 's3',
    query: null,
    primaryKey: null,
    configuration: {
      harvesters: [],
      // Served in clear text by the open-source server (docs/upstream-contract.md §2.6).
      embedding_config: { mode: 'open_ai', model: 'text-embedding-3-small', api_key: 'sk-demo-embed-help-center-7c21' },
      chunk_config: { chunk_size: 1000, chunk_overlap: 200 },
    },
    entity: 'document',
  },
  {
    key: 'semantic_product_search',
    name: 'Semantic product search',
    description: 'Nearest products for a free-text query',
    queryType: 'vector_search',
    source: 'pinecone_source',
    query: null,
    primaryKey: 'id',
    configuration: {
      harvesters: [{ value: 'query_text', method: 'dom', selector: '#search', preprocess: '' }],
      json_schema: { input: [{ name: 'query_text', type: 'string' }], output: [{ name: 'id', type: 'string' }] },
      embedding_config: { mode: 'open_ai', model: 'text-embedding-3-small', api_key: 'sk-demo-embed-product-search-3b90' },
    },
    entity: 'document',
  },
];
