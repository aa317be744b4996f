/**
 * Who may make the gateway work. Checked from the headers alone, before the body is read or any
 * GraphQL is parsed, so a stranger's request costs next to nothing:
 *  - a request without an `Authorization` header, or with two, or with one that is not one bearer
 *    token, is refused (401 UNAUTHENTICATED);
 *  - except the federation router: with ROUTER_SECRET set, a request carrying that secret in the
 *    `Router-Secret` header may come without a user's token (it fetches `_service { sdl }`); without
 *    ROUTER_SECRET, a small anonymous request whose whole query is `{ _service { sdl } }` is let
 *    through, so composition tools work out of the box (the answer is a constant, no upstream call).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BEARER_FORM_MESSAGE, isBearerForm, MISSING_AUTHORIZATION_MESSAGE } from '../credentials';

export const ROUTER_SECRET_HEADER = 'router-secret';

/** The largest anonymous body read to look for the `_service { sdl }` query. */
export const ANONYMOUS_BODY_LIMIT = 2048;

export type CallerVerdict =
  | { kind: 'caller'; fromRouter: boolean }
  /** No credentials and no router secret: only the `_service { sdl }` query may pass. */
  | { kind: 'anonymous' }
  | { kind: 'refused'; message: string };

/** The configured router secret, hashed once so comparisons take constant time. */
export type RouterSecretDigest = Buffer | undefined;

export function routerSecretDigest(secret: string | undefined): RouterSecretDigest {
  return secret ? digest(secret) : undefined;
}

export function judgeCaller(req: IncomingMessage, routerSecret: RouterSecretDigest): CallerVerdict {
  const fromRouter = carriesRouterSecret(req, routerSecret);
  // Node keeps only the first of repeated Authorization headers in `req.headers`: count them all.
  const given = (req.headersDistinct.authorization ?? []).filter((value) => value.trim() !== '');
  if (given.length > 1) return { kind: 'refused', message: 'Send exactly one Authorization header.' };
  const [only] = given;
  if (only !== undefined) return isBearerForm(only.trim()) ? { kind: 'caller', fromRouter } : { kind: 'refused', message: BEARER_FORM_MESSAGE };
  if (fromRouter) return { kind: 'caller', fromRouter };
  return routerSecret ? { kind: 'refused', message: MISSING_AUTHORIZATION_MESSAGE } : { kind: 'anonymous' };
}

const SERVICE_SDL_QUERY = /^\s*(?:query(?:\s+[_A-Za-z][_0-9A-Za-z]*)?\s*)?\{\s*_service\s*\{\s*sdl\s*\}\s*\}\s*$/;

/** Whether an anonymous request's query text is nothing but `{ _service { sdl } }` (optionally a named query). */
export function isServiceSdlQuery(query: string): boolean {
  return query.length <= ANONYMOUS_BODY_LIMIT && SERVICE_SDL_QUERY.test(query);
}

function carriesRouterSecret(req: IncomingMessage, routerSecret: RouterSecretDigest): boolean {
  if (!routerSecret) return false;
  const [given, ...more] = req.headersDistinct[ROUTER_SECRET_HEADER] ?? [];
  return given !== undefined && more.length === 0 && timingSafeEqual(digest(given), routerSecret);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
