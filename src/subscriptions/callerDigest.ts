/**
 * Tells callers apart without keeping their tokens: an HMAC of the `Authorization` and `Workspace-Id`
 * under a key drawn when the digest is made (at start-up), so equal credentials give equal digests in
 * this process, and a digest in a map key or a log reveals nothing.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { CallerCredentials } from '../credentials';

export type CallerDigest = (credentials: CallerCredentials) => string;

export function createCallerDigest(): CallerDigest {
  const secret = randomBytes(32);
  return (credentials) => createHmac('sha256', secret).update(`${credentials.authorization ?? ''}\n${credentials.workspaceId ?? ''}`).digest('base64url');
}
