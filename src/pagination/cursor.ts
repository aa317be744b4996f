/**
 * Relay cursors: opaque to clients, versioned, signed, and bound to one connection.
 *
 * A cursor records where its item was (offset in the upstream's order), which item it was (upstream
 * id) and the item's sort key (the timestamp the upstream orders by), so that a later request can
 * find the item again after the list moved. The binding names the list, its parent, its filter and
 * the workspace; a cursor presented to any other connection is rejected. An HMAC makes tampering
 * detectable, so nothing an attacker writes into a cursor reaches an upstream URL.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ErrorCode, gatewayError } from '../errors';

const VERSION = 'c1';
const MAX_CURSOR_LENGTH = 512;
const MAX_OFFSET = 1_000_000_000;

export interface CursorPosition {
  /** Zero-based index of the item in the upstream's order when the cursor was issued. */
  offset: number;
  /** Upstream id of the item. */
  id: number;
  /** The item's sort key (ms since epoch of the timestamp the upstream orders by). */
  key: number;
}

interface CursorBody extends CursorPosition {
  binding: string;
}

export function encodeCursor(position: CursorPosition, binding: string, secret: Buffer): string {
  const body = Buffer.from(JSON.stringify([binding, position.offset, position.id, position.key]), 'utf8').toString('base64url');
  return `${VERSION}.${body}.${sign(`${VERSION}.${body}`, secret)}`;
}

/**
 * Decodes a cursor issued for `binding`. Throws BAD_USER_INPUT (naming the argument) when it is
 * malformed, tampered with, of another version, or from another connection.
 */
export function decodeCursor(cursor: string, binding: string, secret: Buffer, argument: 'after' | 'before'): CursorPosition {
  const invalid = (why: string) => gatewayError(ErrorCode.BAD_USER_INPUT, `Argument "${argument}" is not a valid cursor for this connection: ${why}.`);
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH) throw invalid('it has the wrong length');
  const parts = cursor.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) throw invalid('it was not issued by this gateway');
  const [version, body, mac] = parts as [string, string, string];
  if (!verify(`${version}.${body}`, mac, secret)) throw invalid('its signature does not match');
  const decoded = parseBody(body);
  if (!decoded) throw invalid('its content is malformed');
  if (decoded.binding !== binding) throw invalid('it belongs to another list, parent, filter or workspace');
  return { offset: decoded.offset, id: decoded.id, key: decoded.key };
}

function parseBody(body: string): CursorBody | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 4) return undefined;
  const [binding, offset, id, key] = value as unknown[];
  if (typeof binding !== 'string') return undefined;
  if (!isInt(offset, 0, MAX_OFFSET) || !isInt(id, 1, Number.MAX_SAFE_INTEGER) || !isInt(key, -8.64e15, 8.64e15)) return undefined;
  return { binding, offset, id, key };
}

function isInt(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;
}

function sign(text: string, secret: Buffer): string {
  // 128 bits of HMAC-SHA256 keep cursors short while making forgery impractical.
  return createHmac('sha256', secret).update(text).digest().subarray(0, 16).toString('base64url');
}

function verify(text: string, mac: string, secret: Buffer): boolean {
  const expected = Buffer.from(sign(text, secret));
  const actual = Buffer.from(mac);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
