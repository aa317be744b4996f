/**
 * Upstream enum strings (snake_case) <-> GraphQL enum values (UPPER_SNAKE). A value the upstream adds
 * later maps to UNKNOWN instead of failing the whole response.
 */
import { ErrorCode, gatewayError } from './errors';

export function toGraphQLEnum<V extends string>(value: unknown, known: readonly V[]): V | 'UNKNOWN' {
  if (typeof value !== 'string') return 'UNKNOWN';
  const upper = value.toUpperCase() as V;
  return known.includes(upper) ? upper : 'UNKNOWN';
}

/** The upstream spelling of a GraphQL enum value used as a filter; UNKNOWN cannot filter. */
export function toUpstreamFilter(value: string | null | undefined, argument: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value === 'UNKNOWN') {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, `Argument "${argument}" cannot be UNKNOWN; pick one of the listed values.`);
  }
  return value.toLowerCase();
}

export const SYNC_STATUSES = ['DISABLED', 'HEALTHY', 'PENDING', 'FAILED', 'ABORTED'] as const;
export const SYNC_SCHEDULE_TYPES = ['MANUAL', 'INTERVAL', 'CRON_EXPRESSION'] as const;
export const SYNC_MODES = ['FULL_REFRESH', 'INCREMENTAL'] as const;
export const SYNC_INTERVAL_UNITS = ['MINUTES', 'HOURS', 'DAYS', 'WEEKS'] as const;
export const SYNC_RUN_STATUSES = ['PENDING', 'STARTED', 'QUERYING', 'QUEUED', 'IN_PROGRESS', 'SUCCESS', 'PAUSED', 'FAILED', 'CANCELED'] as const;
export const SYNC_RUN_TYPES = ['GENERAL', 'TEST'] as const;
export const SYNC_RECORD_STATUSES = ['PENDING', 'SUCCESS', 'FAILED'] as const;
export const SYNC_RECORD_ACTIONS = ['DESTINATION_INSERT', 'DESTINATION_UPDATE'] as const;
export const CONNECTOR_TYPES = ['SOURCE', 'DESTINATION'] as const;
export const MODEL_QUERY_TYPES = ['RAW_SQL', 'DBT', 'SOQL', 'TABLE_SELECTOR', 'AI_ML', 'DYNAMIC_SQL', 'UNSTRUCTURED', 'VECTOR_SEARCH'] as const;
/** Filter-only (the upstream does not serialize them); upstream spellings are the lower-cased values. */
export const CONNECTOR_CATEGORIES = ['DATA', 'AI_ML'] as const;
export const CONNECTOR_SUB_CATEGORIES = ['LLM', 'DATABASE', 'WEB', 'AI_ML_SERVICE', 'VECTOR'] as const;
