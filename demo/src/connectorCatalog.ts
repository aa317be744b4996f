/**
 * The connectors the seed can place in a workspace: realistic names, definition names and
 * configurations (with secrets present, to prove serialization masks them). Between them they cover
 * both connector types, both categories and all five sub-categories (docs/upstream-contract.md §1, §2.5).
 */
import { DESTINATION_BLUEPRINTS } from './destinationConnectors';
import { SOURCE_BLUEPRINTS } from './sourceConnectors';
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

export const CONNECTOR_BLUEPRINTS: readonly ConnectorBlueprint[] = [...SOURCE_BLUEPRINTS, ...DESTINATION_BLUEPRINTS];

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
