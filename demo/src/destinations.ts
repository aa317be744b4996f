/**
 * How each destination connector receives rows: its stream per entity, how source columns map to its
 * fields (the sync `configuration`), and what its API answers. The answers become the stringified
 * `logs.request` / `logs.response` of sync records (docs/upstream-contract.md §2.4).
 */
import type { EntityKind } from './entities';
import type { Random } from './random';

export interface DestinationDialect {
  /** Destination stream (sync `stream_name`) per entity it can receive; absent = not a valid pairing. */
  streams: Partial<Record<EntityKind, string>>;
  /** Source column -> destination path (dots nest), per entity. */
  fieldMap(kind: EntityKind): Record<string, string>;
  request(mapped: Record<string, unknown>, stream: string): unknown;
  success(rng: Random): unknown;
  failure(field: string, detail: string, rng: Random): unknown;
}

const IDENTITY: Record<EntityKind, Record<string, string>> = {
  person: { id: 'id', email: 'email', first_name: 'first_name', last_name: 'last_name', state: 'state' },
  account: { id: 'id', name: 'name', domain: 'domain', industry: 'industry', employees: 'employees', arr: 'arr' },
  score: { customer_id: 'customer_id', email: 'email', churn_score: 'churn_score', segment: 'segment' },
  document: { id: 'id', title: 'title', url: 'url', chunk: 'chunk' },
};

const mapsWith =
  (overrides: Partial<Record<EntityKind, Record<string, string>>>) =>
  (kind: EntityKind): Record<string, string> =>
    overrides[kind] ?? IDENTITY[kind];

const DIALECTS: Readonly<Record<string, DestinationDialect>> = {
  Klaviyo: {
    streams: { person: 'profile', score: 'profile' },
    fieldMap: mapsWith({
      person: { email: 'email', first_name: 'first_name', last_name: 'last_name', state: 'location.region' },
      score: { email: 'email', churn_score: 'properties.churn_score', segment: 'properties.segment' },
    }),
    request: (mapped) => ({ data: { type: 'profile', attributes: mapped } }),
    success: (rng) => ({ data: { type: 'profile', id: `01H${rng.hex(23).toUpperCase()}` } }),
    failure: (field, detail) => ({
      errors: [
        {
          status: 400,
          code: 'invalid',
          title: 'Invalid input.',
          detail,
          source: { pointer: `/data/attributes/${field.replace(/\./g, '/')}` },
        },
      ],
    }),
  },
  Hubspot: {
    streams: { person: 'contacts', account: 'companies', score: 'contacts' },
    fieldMap: mapsWith({
      person: { email: 'email', first_name: 'firstname', last_name: 'lastname', state: 'state' },
      account: { name: 'name', domain: 'domain', industry: 'industry', employees: 'numberofemployees', arr: 'annualrevenue' },
      score: { email: 'email', churn_score: 'churn_score', segment: 'lifecycle_segment' },
    }),
    request: (mapped) => ({ properties: mapped }),
    success: (rng) => ({ id: String(rng.int(10_000_000, 99_999_999)), archived: false }),
    failure: (field, detail, rng) => ({
      status: 'error',
      message: `Property values were not valid: ${field}: ${detail}`,
      correlationId: `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`,
      category: 'VALIDATION_ERROR',
    }),
  },
  SalesforceCrm: {
    streams: { person: 'Contact', account: 'Account' },
    fieldMap: mapsWith({
      person: { email: 'Email', first_name: 'FirstName', last_name: 'LastName', state: 'MailingState' },
      account: { name: 'Name', domain: 'Website', industry: 'Industry', employees: 'NumberOfEmployees', arr: 'AnnualRevenue' },
    }),
    request: (mapped) => mapped,
    success: (rng) => ({ id: `003${rng.hex(15)}`, success: true, errors: [] }),
    failure: (field, detail) => [{ message: `${field}: ${detail}`, errorCode: 'INVALID_FIELD', fields: [field] }],
  },
  Braze: {
    streams: { person: 'users', score: 'users' },
    fieldMap: mapsWith({
      person: { id: 'external_id', email: 'email', first_name: 'first_name', last_name: 'last_name', state: 'home_city' },
      score: { customer_id: 'external_id', email: 'email', churn_score: 'churn_score', segment: 'segment' },
    }),
    request: (mapped) => ({ attributes: [mapped] }),
    success: () => ({ attributes_processed: 1, message: 'success' }),
    failure: (field, detail) => ({ message: 'Invalid request', errors: [{ type: `'${field}' ${detail}`, index: 0 }] }),
  },
  GoogleSheets: {
    streams: { person: 'Sheet1', account: 'Sheet1', score: 'Sheet1' },
    fieldMap: mapsWith({}),
    request: (mapped, stream) => ({
      spreadsheet_id: '1DemoSheetId0123456789',
      range: `${stream}!A1`,
      values: [Object.values(mapped)],
    }),
    success: (rng) => {
      const row = rng.int(2, 4000);
      return { updates: { updatedRange: `Sheet1!A${row}:F${row}`, updatedRows: 1, updatedCells: 6 } };
    },
    failure: (field, detail) => ({ error: { code: 400, message: `${field}: ${detail}`, status: 'INVALID_ARGUMENT' } }),
  },
  Slack: {
    streams: { account: 'chat_postMessage', score: 'chat_postMessage' },
    fieldMap: mapsWith({}),
    request: (mapped) => ({
      channel: 'C04DEMO1234',
      text: Object.entries(mapped)
        .map(([key, value]) => `*${key}*: ${String(value)}`)
        .join('\n'),
    }),
    success: (rng) => ({ ok: true, channel: 'C04DEMO1234', ts: `${rng.int(1_700_000_000, 1_740_000_000)}.${rng.int(100000, 999999)}` }),
    failure: () => ({ ok: false, error: 'invalid_blocks' }),
  },
  Iterable: {
    streams: { person: 'users' },
    fieldMap: mapsWith({
      person: { email: 'email', first_name: 'dataFields.firstName', last_name: 'dataFields.lastName', state: 'dataFields.state' },
    }),
    request: (mapped) => mapped,
    success: () => ({ msg: '', code: 'Success', params: null }),
    failure: (field, detail) => ({ msg: `${field}: ${detail}`, code: 'InvalidEmailAddressError', params: null }),
  },
  Postgresql: {
    streams: { person: 'public.customers', account: 'public.accounts', score: 'public.scores', document: 'public.documents' },
    fieldMap: mapsWith({}),
    request: (mapped, stream) => {
      const columns = Object.keys(mapped);
      const values = Object.values(mapped).map((value) => (value === null ? 'NULL' : `'${String(value).replace(/'/g, "''")}'`));
      return {
        query: `INSERT INTO ${stream} (${columns.join(', ')}) VALUES (${values.join(', ')}) ON CONFLICT (${columns[0] ?? 'id'}) DO UPDATE SET ${columns
          .slice(1)
          .map((column) => `${column} = EXCLUDED.${column}`)
          .join(', ')}`,
      };
    },
    success: () => ({ rows_affected: 1 }),
    failure: (field) => ({ error: `ERROR:  null value in column "${field}" violates not-null constraint` }),
  },
  Pinecone: {
    streams: { document: 'default' },
    fieldMap: mapsWith({}),
    request: (mapped, stream) => ({
      namespace: stream,
      vectors: [{ id: String(mapped.id), values: [0.0132, -0.2271, 0.0915], metadata: mapped }],
    }),
    success: () => ({ upsertedCount: 1 }),
    failure: (field, detail) => ({ code: 3, message: `${field}: ${detail}`, details: [] }),
  },
};

export function dialectFor(connectorName: string): DestinationDialect {
  const dialect = DIALECTS[connectorName];
  if (!dialect) throw new Error(`No destination dialect for connector "${connectorName}"`);
  return dialect;
}

/** The source column a failed record of this entity is rejected for, and the destination's complaint. */
export const FAILURE_CAUSE: Readonly<Record<EntityKind, { column: string; detail: string }>> = {
  person: { column: 'email', detail: 'Invalid email address' },
  account: { column: 'domain', detail: 'Invalid domain' },
  score: { column: 'churn_score', detail: 'must be a number' },
  document: { column: 'chunk', detail: 'must not be empty' },
};

/** A field map prepared once per sync: source column and the destination path split on dots. */
export type CompiledFieldMap = ReadonlyArray<readonly [column: string, path: readonly string[]]>;

export function compileFieldMap(fieldMap: Record<string, string>): CompiledFieldMap {
  return Object.entries(fieldMap).map(([column, path]) => [column, path.split('.')] as const);
}

/** Applies a field map to a source row; dotted destination paths become nested objects. */
export function mapRow(row: Record<string, unknown>, fieldMap: CompiledFieldMap): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [column, parts] of fieldMap) {
    if (!(column in row)) continue;
    let target = out;
    for (let index = 0; index < parts.length - 1; index++) {
      const part = parts[index] as string;
      const child = target[part];
      target = (typeof child === 'object' && child !== null ? child : (target[part] = {})) as Record<string, unknown>;
    }
    target[parts[parts.length - 1] as string] = row[column];
  }
  return out;
}
