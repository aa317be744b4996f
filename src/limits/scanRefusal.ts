/**
 * What a caller is told when the pre-parse scan (src/limits/documentScan.ts) refuses its document, and
 * under which refusal name it is counted. The HTTP edge and the subscription transports say the same.
 */
import type { GatewayConfig } from '../config';
import { MAX_NAME_LENGTH, type DocumentScanLimits, type ScanVerdict } from './documentScan';
import type { RefusalLimit } from './refusal';
import { tooManyEntityFetchesMessage, tooManyRootFieldsMessage } from './shapeCheck';

export type ScanRefusal = Exclude<ScanVerdict, { kind: 'ok' }>;

/** The scan's limits, and whether a refusal may name them (tied to INTROSPECTION). */
export type ScanSettings = DocumentScanLimits & { exposeLimits: boolean };

export const SCAN_REFUSALS: Record<ScanRefusal['kind'], RefusalLimit> = {
  'too-deep': 'nesting',
  'name-too-long': 'name_length',
  'too-many-root-fields': 'root_fields',
  'too-many-entity-fetches': 'entity_fetches',
};

export function scanRefusalMessage(verdict: ScanRefusal, settings: ScanSettings): string {
  const { maxNesting, maxRootFields, maxEntityFetches, exposeLimits } = settings;
  if (verdict.kind === 'name-too-long') return `The query uses a name longer than ${MAX_NAME_LENGTH} characters.`;
  if (verdict.kind === 'too-many-root-fields') return tooManyRootFieldsMessage(verdict.found, maxRootFields, exposeLimits);
  if (verdict.kind === 'too-many-entity-fetches') return tooManyEntityFetchesMessage(verdict.found, maxEntityFetches, exposeLimits);
  const limit = exposeLimits ? `more than ${maxNesting} levels deep` : 'more deeply than the gateway allows';
  return `The query document nests braces, brackets or parentheses ${limit}.`;
}

/** The limits the pre-parse scan checks, for the HTTP edge and the subscription transports alike. */
export function documentScanOf(config: Pick<GatewayConfig, 'limits' | 'federation' | 'introspection'>): ScanSettings {
  return {
    maxNesting: config.limits.maxNesting,
    maxRootFields: config.limits.maxRootFields,
    // A fetch asks for one representation or more: never more fetches than representations.
    maxEntityFetches: config.federation.maxEntityRepresentations,
    exposeLimits: config.introspection,
  };
}
