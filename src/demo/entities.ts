/**
 * Source rows the seeded models "return": people, accounts, model scores and document chunks.
 * A sync record's `record` attribute is one of these rows, exactly as extracted (CONTRACT §2.4).
 */
import type { Random } from './random';

export type EntityKind = 'person' | 'account' | 'score' | 'document';

/** Source columns per entity, in the order a model's query selects them. */
export const ENTITY_COLUMNS: Readonly<Record<EntityKind, readonly string[]>> = {
  person: ['id', 'email', 'first_name', 'last_name', 'state', 'updated_at'],
  account: ['id', 'name', 'domain', 'industry', 'employees', 'arr', 'updated_at'],
  score: ['customer_id', 'email', 'churn_score', 'segment', 'scored_at'],
  document: ['id', 'title', 'url', 'chunk', 'updated_at'],
};

const FIRST_NAMES = [
  'Jane', 'Omar', 'Li', 'Priya', 'Mateo', 'Aisha', 'Noah', 'Sofia', 'Kenji', 'Amara', 'Lucas', 'Fatima',
  'Ethan', 'Yara', 'Diego', 'Hana', 'Oliver', 'Chloe', 'Ravi', 'Elena', 'Samuel', 'Zoe', 'Tomás', 'Ingrid',
  'Kwame', 'Mei', 'Jonas', 'Leila', 'Arjun', 'Nora',
];
const LAST_NAMES = [
  'Doe', 'Haddad', 'Chen', 'Patel', 'García', 'Okafor', 'Smith', 'Rossi', 'Tanaka', 'Mensah', 'Müller',
  'Khan', 'Brown', 'Nasser', 'López', 'Kim', 'Johansson', 'Dubois', 'Iyer', 'Popescu', 'Cohen', 'Silva',
  'Novak', 'Lindqvist', 'Adeyemi', 'Wang', 'Schmidt', 'Farah', 'Reddy', 'Walsh',
];
const STATES = ['CA', 'NY', 'WA', 'TX', 'FL', 'IL', 'MA', 'CO', 'OR', 'GA', 'NC', 'AZ', 'MN', 'NJ', 'VA'];
const COMPANY_WORDS = [
  'Northwind', 'Bluefin', 'Cobalt', 'Lumen', 'Harbor', 'Summit', 'Pinecrest', 'Redwood', 'Atlas', 'Beacon',
  'Quartz', 'Meridian', 'Kestrel', 'Orchid', 'Vertex', 'Tidal', 'Granite', 'Sable', 'Juniper', 'Halcyon',
];
const COMPANY_SUFFIXES = ['Labs', 'Logistics', 'Health', 'Foods', 'Analytics', 'Robotics', 'Outfitters', 'Bank'];
const INDUSTRIES = ['Retail', 'Healthcare', 'Logistics', 'Financial Services', 'Manufacturing', 'Software', 'Media'];
const SEGMENTS = ['at_risk', 'stable', 'champion', 'new'];
const DOC_TOPICS = [
  'Resetting your password', 'Exporting invoices', 'Connecting Snowflake', 'Inviting teammates',
  'Billing cycles explained', 'Setting up SSO', 'Webhook retries', 'Data retention policy',
];

/** `2025-03-13 22:14:09`: how the upstream's sources render timestamps inside extracted rows. */
export function formatSourceTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * One source row for the entity, identified by `key` (the source primary key), last changed at `changedAt`.
 * With `invalid`, the row carries the kind of data a destination rejects (the cause of a failed record).
 */
export function generateEntityRow(
  kind: EntityKind,
  key: number,
  changedAt: number,
  rng: Random,
  invalid = false,
): Record<string, unknown> {
  const at = formatSourceTimestamp(changedAt);
  switch (kind) {
    case 'person': {
      const first = rng.pick(FIRST_NAMES);
      const last = rng.chance(0.05) ? null : rng.pick(LAST_NAMES);
      const email = `${slugify(first)}.${slugify(last ?? 'x')}${key % 97}@example.com`;
      return {
        id: key,
        email: invalid ? rng.pick(['not-an-email', `${slugify(first)}@`, '']) : email,
        first_name: first,
        last_name: last,
        state: rng.pick(STATES),
        updated_at: at,
      };
    }
    case 'account': {
      const name = `${rng.pick(COMPANY_WORDS)} ${rng.pick(COMPANY_SUFFIXES)}`;
      return {
        id: key,
        name,
        domain: invalid ? 'n/a' : `${slugify(name)}.example.com`,
        industry: rng.pick(INDUSTRIES),
        employees: rng.int(5, 20000),
        arr: rng.int(5, 2500) * 1000,
        updated_at: at,
      };
    }
    case 'score':
      return {
        customer_id: String(key),
        email: `customer${key}@example.com`,
        churn_score: invalid ? null : Math.round(rng.next() * 10000) / 10000,
        segment: rng.pick(SEGMENTS),
        scored_at: at,
      };
    case 'document': {
      const title = rng.pick(DOC_TOPICS);
      return {
        id: `doc-${key}`,
        title,
        url: `https://help.example.com/articles/${slugify(title)}`,
        chunk: invalid ? '' : `${title}: step ${rng.int(1, 9)} of the guide explains what to do next.`,
        updated_at: at,
      };
    }
  }
}
