/**
 * A flat scan of a query document's characters before graphql-js parses it, refusing the documents that
 * cost far more to parse or validate than to scan:
 *  - nested too deeply: graphql-js's parser recurses once per level of braces, brackets and
 *    parentheses, so a list literal nested a few thousand levels deep overflows the call stack;
 *  - a name too long: no field, argument or type of the schema has a name of more than a few dozen
 *    characters, but graphql-js compares an unknown name with every known one to suggest a fix, in time
 *    proportional to the name's length (a 900 KiB name costs ~150 ms of CPU);
 *  - too many root fields (or `_entities` fields, a router's entity fetches) written directly in an
 *    operation: the widest documents, refused without parsing them (fragments spread at the root are
 *    counted later, by the shape check).
 * Hand-written rather than graphql-js's Lexer: the scan needs only brackets, names, strings and comments,
 * and not building a token object per token makes it about ten times faster (it runs on every request).
 * Anything it does not understand is left to the parser, which reports it in its own words.
 */
import { CR, endOfLine, HASH, isIgnored, LF } from './documentChars';
import { RootFieldCounter } from './rootFieldCounter';

export interface DocumentScanLimits {
  /** Deepest nesting of braces, brackets and parentheses. */
  maxNesting: number;
  /** Most root fields of one operation (`_entities` fields are entity fetches, not root fields). */
  maxRootFields: number;
  /** Most `_entities` fields (a router's entity fetches) of one operation. */
  maxEntityFetches: number;
}

/** The longest name (field, alias, argument, fragment, operation, variable) a document may use. */
export const MAX_NAME_LENGTH = 256;

export type ScanVerdict =
  | { kind: 'ok' }
  | { kind: 'too-deep' }
  | { kind: 'name-too-long' }
  | { kind: 'too-many-root-fields'; found: number }
  | { kind: 'too-many-entity-fetches'; found: number };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OK: ScanVerdict = { kind: 'ok' };

/** The first problem found, or 'ok'. */
export function scanDocument(query: string, limits: DocumentScanLimits): ScanVerdict {
  const roots = new RootFieldCounter(query);
  let depth = 0;
  let i = 0;
  while (i < query.length) {
    const c = query.charCodeAt(i);
    if (isNameStart(c)) {
      const end = endOfRun(query, i);
      if (end - i > MAX_NAME_LENGTH) return { kind: 'name-too-long' };
      roots.name(i, end);
      i = end;
    } else if (isDigit(c)) {
      // A number (or the digits and letters of `1e5`): not a name, whatever its length.
      i = endOfRun(query, i);
      roots.punctuator(c);
    } else if (c === QUOTE) {
      i = endOfString(query, i);
      roots.punctuator(c);
    } else if (c === HASH) {
      i = endOfLine(query, i);
    } else if (isIgnored(c)) {
      i++;
    } else {
      if (isOpening(c) && ++depth > limits.maxNesting) return { kind: 'too-deep' };
      if (isClosing(c)) depth--;
      const found = roots.punctuator(c);
      if (found > limits.maxRootFields) return { kind: 'too-many-root-fields', found };
      if (roots.entityFetches > limits.maxEntityFetches) return { kind: 'too-many-entity-fetches', found: roots.entityFetches };
      i++;
    }
  }
  return OK;
}

/** `{`, `[` or `(`. */
function isOpening(c: number): boolean {
  return c === 0x7b || c === 0x5b || c === 0x28;
}

/** `}`, `]` or `)`. */
function isClosing(c: number): boolean {
  return c === 0x7d || c === 0x5d || c === 0x29;
}

function isNameStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Past the last name character ([_A-Za-z0-9]) from `start`. */
function endOfRun(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (!isNameStart(c) && !isDigit(c)) break;
    i++;
  }
  return i;
}

/** Past a "string" (escapes honoured; it ends at a line break if unterminated) or a """block string""". */
function endOfString(text: string, start: number): number {
  if (text.startsWith('"""', start)) {
    let i = start + 3;
    while (i < text.length) {
      if (text.startsWith('\\"""', i)) i += 4;
      else if (text.startsWith('"""', i)) return i + 3;
      else i++;
    }
    return i;
  }
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i += 2;
    else if (c === QUOTE) return i + 1;
    else if (c === LF || c === CR) return i;
    else i++;
  }
  return i;
}
