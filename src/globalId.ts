/**
 * Relay global ids: opaque, unique across types, and validated before any part reaches a URL.
 * An id is `base64url("<Type>:<key fields in order>")`, where the type and its key fields come from
 * the type's resource module (src/resources): a run's id carries its sync's id and a record's id its
 * sync's and run's, because the upstream serves runs and records only under their parents.
 * The format is pinned by tests: changing it invalidates every id a client has stored.
 */
import { ErrorCode, gatewayError } from './errors';
import { resourceNamed, type ResourceRef, type ResourceRefInput } from './resources';
import { isUpstreamId } from './resources/upstreamId';

/** What a global id names: a resource's type and its key (validated upstream ids once decoded). */
export type GlobalRef = ResourceRef;
/** The same with plain numbers: what encoding takes (encoding validates nothing). */
export type GlobalRefInput = ResourceRefInput;


const MAX_GLOBAL_ID_LENGTH = 200;

export function encodeGlobalId(ref: GlobalRefInput): string {
  const resource = resourceNamed(ref.type);
  if (!resource) throw new Error(`No resource module is registered for type ${ref.type}.`);
  const parts = resource.keyFields.map((field) => (ref as unknown as Record<string, number>)[field]);
  return Buffer.from(`${ref.type}:${parts.join(':')}`, 'utf8').toString('base64url');
}

/** Decodes a global id, or throws BAD_USER_INPUT naming the argument. */
export function decodeGlobalId(id: string, argument = 'id'): GlobalRef {
  const ref = globalRefOf(id);
  if (!ref) throw gatewayError(ErrorCode.BAD_USER_INPUT, `Argument "${argument}" is not a valid global id.`);
  return ref;
}

/** What a global id names, or undefined when it is not one (no error is made: the cost estimate decodes many). */
export function globalRefOf(id: unknown): GlobalRef | undefined {
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_GLOBAL_ID_LENGTH || !/^[A-Za-z0-9_-]+$/.test(id)) return undefined;
  const [type, ...parts] = Buffer.from(id, 'base64url').toString('utf8').split(':');
  const resource = type === undefined ? undefined : resourceNamed(type);
  if (!resource || parts.length !== resource.keyFields.length) return undefined;
  const ref: Record<string, unknown> = { type };
  for (const [index, field] of resource.keyFields.entries()) {
    const part = parts[index] as string;
    // Digits only, no sign, no leading zero: one spelling per id, and nothing else can reach a path.
    if (!/^[1-9][0-9]{0,15}$/.test(part) || !isUpstreamId(Number(part))) return undefined;
    ref[field] = Number(part);
  }
  return ref as GlobalRef;
}
