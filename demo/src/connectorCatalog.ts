/**
 * The connectors the seed can place in a workspace: realistic names, definition names and
 * configurations (with secrets present, to prove serialization masks them). Between them they cover
 * both connector types, both categories and all five sub-categories (docs/upstream-contract.md §1, §2.5).
 */
import type { ConnectorCategory, ConnectorSubCategory, ConnectorType } from './types';

/** Per-workspace company details so configurations differ between workspaces. */
export interface CompanyProfile {
  /** e.g. `acme` */
  slug: string;
  /** e.g. `acme.com` */
  domain: string;
}

export type ConnectorKey =
  | 'snowflake'
  | 'postgres_source'
  | 'bigquery'
  | 'redshift'
  | 'databricks'
  | 'salesforce_source'
  | 'openai'
  | 'sagemaker'
  | 'pinecone_source'
  | 's3'
  | 'klaviyo'
  | 'hubspot'
  | 'salesforce_crm'
  | 'braze'
  | 'google_sheets'
  | 'slack'
  | 'iterable'
  | 'postgres_destination'
  | 'pinecone_destination';

export interface ConnectorBlueprint {
  key: ConnectorKey;
  name: string;
  description: string | null;
  connectorType: ConnectorType;
  connectorName: string;
  category: ConnectorCategory;
  subCategory: ConnectorSubCategory;
  configuration(company: CompanyProfile): Record<string, unknown>;
}

const userPassword = (username: string, password: string) => ({
  auth_type: 'username/password',
  username,
  password,
});

export const CONNECTOR_BLUEPRINTS: readonly ConnectorBlueprint[] = [
  {
    key: 'snowflake',
    name: 'Snowflake prod',
    description: 'Analytics warehouse',
    connectorType: 'source',
    connectorName: 'Snowflake',
    category: 'data',
    subCategory: 'database',
    configuration: (c) => ({
      credentials: userPassword('AI2_USER', 'Sn0wflake-s3cret!'),
      host: `${c.slug}.us-east-2.aws.snowflakecomputing.com`,
      role: 'AI2_ROLE',
      warehouse: 'AI2_WH',
      database: 'ANALYTICS',
      schema: 'PUBLIC',
    }),
  },
  {
    key: 'postgres_source',
    name: 'Postgres CRM replica',
    description: null,
    connectorType: 'source',
    connectorName: 'Postgresql',
    category: 'data',
    subCategory: 'database',
    configuration: (c) => ({
      credentials: userPassword('ai2_reader', 'pg-reader-pass'),
      host: `crm-replica.internal.${c.domain}`,
      port: '5432',
      database: 'crm',
      schema: 'public',
    }),
  },
  {
    key: 'bigquery',
    name: 'BigQuery marketing',
    description: 'GA4 and ad-platform exports',
    connectorType: 'source',
    connectorName: 'Bigquery',
    category: 'data',
    subCategory: 'database',
    configuration: (c) => ({
      project_id: `${c.slug}-marketing-prod`,
      dataset_id: 'marketing',
      credentials_json: '{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----..."}',
    }),
  },
  {
    key: 'redshift',
    name: 'Redshift finance',
    description: 'Billing and invoicing marts',
    connectorType: 'source',
    connectorName: 'Redshift',
    category: 'data',
    subCategory: 'database',
    configuration: (c) => ({
      credentials: userPassword('finance_ro', 'rs-finance-pass'),
      host: `finance.${c.slug}.us-west-2.redshift.amazonaws.com`,
      port: '5439',
      database: 'finance',
      schema: 'reporting',
    }),
  },
  {
    key: 'databricks',
    name: 'Databricks lakehouse',
    description: 'Product usage events',
    connectorType: 'source',
    connectorName: 'DatabricksDatawarehouse',
    category: 'data',
    subCategory: 'database',
    configuration: (c) => ({
      host: `${c.slug}.cloud.databricks.com`,
      port: '443',
      http_path: '/sql/1.0/warehouses/8a1f0c3e9b2d4f61',
      catalog: 'main',
      schema: 'product',
      access_token: 'dapi0123456789abcdef',
    }),
  },
  {
    key: 'salesforce_source',
    name: 'Salesforce sales cloud',
    description: 'Opportunities and accounts',
    connectorType: 'source',
    connectorName: 'SalesforceConsumerGoodsCloud',
    category: 'data',
    subCategory: 'web',
    configuration: (c) => ({
      username: `integration@${c.domain}`,
      password: 'sfdc-integration-pass',
      security_token: 'sfdc-security-token',
      client_id: '3MVG9_demo_client_id',
      client_secret: 'sfdc-client-secret',
      host: 'login.salesforce.com',
    }),
  },
  {
    key: 'openai',
    name: 'OpenAI GPT-4o',
    description: 'Summaries and classification',
    connectorType: 'source',
    connectorName: 'OpenAI',
    category: 'ai_ml',
    subCategory: 'llm',
    configuration: () => ({
      api_key: 'sk-demo-0123456789abcdef',
      model: 'gpt-4o',
      request_format: '{"messages":[{"role":"user","content":"{{ticket_text}}"}]}',
      response_format: '{"choices":[{"message":{"content":"string"}}]}',
      is_stream: false,
    }),
  },
  {
    key: 'sagemaker',
    name: 'SageMaker churn endpoint',
    description: 'XGBoost churn model',
    connectorType: 'source',
    connectorName: 'AwsSagemakerModel',
    category: 'ai_ml',
    subCategory: 'ai_ml_service',
    configuration: () => ({
      access_key: 'AKIADEMO0123456789',
      secret_access_key: 'demo/secret/access/key',
      region: 'us-east-1',
      endpoint_name: 'churn-xgb-prod',
      request_format: '{"customer_id":"string"}',
      response_format: '{"churn_score":"number"}',
    }),
  },
  {
    key: 'pinecone_source',
    name: 'Pinecone product vectors',
    description: 'Catalog embeddings',
    connectorType: 'source',
    connectorName: 'PineconeDB',
    category: 'ai_ml',
    subCategory: 'vector',
    configuration: (c) => ({
      api_key: 'pcsk_demo_0123456789',
      region: 'us-east-1',
      index_name: `${c.slug}-products`,
    }),
  },
  {
    key: 's3',
    name: 'S3 help-center docs',
    description: 'Markdown exports of the help center',
    connectorType: 'source',
    connectorName: 'AmazonS3',
    category: 'data',
    subCategory: 'database',
    configuration: (c) => ({
      auth_type: 'user',
      access_id: 'AKIADEMO9876543210',
      secret_access: 'demo/s3/secret',
      region: 'us-east-1',
      bucket: `${c.slug}-help-center`,
      path: 'articles/',
      file_type: 'csv',
    }),
  },
  {
    key: 'klaviyo',
    name: 'Klaviyo marketing',
    description: null,
    connectorType: 'destination',
    connectorName: 'Klaviyo',
    category: 'data',
    subCategory: 'web',
    configuration: () => ({ private_api_key: 'pk_demo_0123456789abcdef' }),
  },
  {
    key: 'hubspot',
    name: 'HubSpot CRM',
    description: 'Sales CRM',
    connectorType: 'destination',
    connectorName: 'Hubspot',
    category: 'data',
    subCategory: 'web',
    configuration: () => ({ credentials: { auth_type: 'oauth', access_token: 'pat-na1-demo-0123' } }),
  },
  {
    key: 'salesforce_crm',
    name: 'Salesforce CRM',
    description: 'Contacts and accounts for the sales team',
    connectorType: 'destination',
    connectorName: 'SalesforceCrm',
    category: 'data',
    subCategory: 'web',
    configuration: (c) => ({
      username: `reverse-etl@${c.domain}`,
      password: 'sfdc-crm-pass',
      security_token: 'sfdc-crm-token',
      client_id: '3MVG9_demo_crm_client',
      client_secret: 'sfdc-crm-client-secret',
    }),
  },
  {
    key: 'braze',
    name: 'Braze engagement',
    description: 'Lifecycle messaging',
    connectorType: 'destination',
    connectorName: 'Braze',
    category: 'data',
    subCategory: 'web',
    configuration: () => ({ api_key: 'braze-demo-api-key', rest_endpoint: 'https://rest.iad-01.braze.com' }),
  },
  {
    key: 'google_sheets',
    name: 'Ops Google Sheet',
    description: 'Weekly account review sheet',
    connectorType: 'destination',
    connectorName: 'GoogleSheets',
    category: 'data',
    subCategory: 'web',
    configuration: () => ({
      spreadsheet_link: 'https://docs.google.com/spreadsheets/d/1DemoSheetId0123456789/edit',
      credentials_json: '{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----..."}',
    }),
  },
  {
    key: 'slack',
    name: 'Slack #growth-alerts',
    description: null,
    connectorType: 'destination',
    connectorName: 'Slack',
    category: 'data',
    subCategory: 'web',
    configuration: () => ({ api_token: 'xoxb-demo-0123456789', channel_id: 'C04DEMO1234' }),
  },
  {
    key: 'iterable',
    name: 'Iterable campaigns',
    description: null,
    connectorType: 'destination',
    connectorName: 'Iterable',
    category: 'data',
    subCategory: 'web',
    configuration: () => ({ api_key: 'iterable-demo-key' }),
  },
  {
    key: 'postgres_destination',
    name: 'Postgres reverse-ETL mirror',
    description: 'Copy of synced rows for auditing',
    connectorType: 'destination',
    connectorName: 'Postgresql',
    category: 'data',
    subCategory: 'database',
    configuration: (c) => ({
      credentials: userPassword('ai2_writer', 'pg-writer-pass'),
      host: `audit-db.internal.${c.domain}`,
      port: '5432',
      database: 'reverse_etl',
      schema: 'public',
    }),
  },
  {
    key: 'pinecone_destination',
    name: 'Pinecone knowledge base',
    description: 'Help-center chunks for the support bot',
    connectorType: 'destination',
    connectorName: 'Pinecone',
    category: 'ai_ml',
    subCategory: 'vector',
    configuration: (c) => ({
      api_key: 'pcsk_demo_9876543210',
      region: 'us-east-1',
      index_name: `${c.slug}-kb`,
    }),
  },
];

/** Configuration keys whose values the upstream replaces with `*************` when serializing. */
export const SECRET_CONFIGURATION_KEYS: ReadonlySet<string> = new Set([
  'password',
  'api_key',
  'private_api_key',
  'access_token',
  'secret_access_key',
  'secret_access',
  'credentials_json',
  'api_token',
  'client_secret',
  'security_token',
]);
