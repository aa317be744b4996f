/**
 * Validation of the four Relay connection arguments, before anything is fetched.
 */
import { ErrorCode, gatewayError } from '../errors';
import { decodeCursor, type CursorPosition } from './cursor';

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface PaginationSettings {
  maxPageSize: number;
  defaultPageSize: number;
  /** How many items on each side of a cursor's old offset are searched when the list moved. */
  realignRadius: number;
  cursorSecret: Buffer;
}

export interface NormalizedArgs {
  first: number | undefined;
  last: number | undefined;
  after: CursorPosition | undefined;
  before: CursorPosition | undefined;
}

/**
 * Checks `first`/`last` against [0, maxPageSize] and decodes the cursors for this connection's binding.
 * With neither `first` nor `last`, the connection returns the first `defaultPageSize` items.
 */
export function normalizeConnectionArgs(args: ConnectionArgs, binding: string, settings: PaginationSettings): NormalizedArgs {
  const first = parsePageSize('first', args.first, settings.maxPageSize);
  const last = parsePageSize('last', args.last, settings.maxPageSize);
  const after = args.after == null ? undefined : decodeCursor(args.after, binding, settings.cursorSecret, 'after');
  const before = args.before == null ? undefined : decodeCursor(args.before, binding, settings.cursorSecret, 'before');
  return { first: first === undefined && last === undefined ? settings.defaultPageSize : first, last, after, before };
}

/** `first` or `last` as given (undefined when absent), or a BAD_USER_INPUT error outside [0, max]. */
function parsePageSize(name: 'first' | 'last', value: number | null | undefined, max: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, `Argument "${name}" must be between 0 and ${max}, got ${value}.`);
  }
  return value;
}
