/**
 * Upstream ids: the only values that become segments of an upstream URL. An `UpstreamId` can only be
 * made by validating a value here (a client's argument, a decoded global id, a federation key, or an
 * id the upstream itself sent), so a path builder that takes one cannot receive anything else: no
 * path segment, dot segment, query or host can come from a caller. Each id is validated once, where
 * it enters the gateway, with a message naming where it came from.
 */
import { ErrorCode, gatewayError } from '../errors';

declare const upstreamIdBrand: unique symbol;

/** A positive safe integer that names an upstream object. */
export type UpstreamId = number & { readonly [upstreamIdBrand]: true };

/** Validates client input: throws BAD_USER_INPUT naming `what` (e.g. `Argument "databaseId"`) unless a positive safe integer. */
export function parseUpstreamId(value: unknown, what: string): UpstreamId {
  if (!isUpstreamId(value)) {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, `${what} must be a positive integer, got ${describe(value)}.`);
  }
  return value;
}

/**
 * Validates an id the upstream sent (a foreign key such as `source_id`): a malformed one is the
 * upstream's fault, reported as UPSTREAM_ERROR on the field that needed it.
 */
export function upstreamIdFrom(value: unknown): UpstreamId {
  if (!isUpstreamId(value)) throw gatewayError(ErrorCode.UPSTREAM_ERROR, 'The AI Squared API sent an invalid id.');
  return value;
}

export function isUpstreamId(value: unknown): value is UpstreamId {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}
