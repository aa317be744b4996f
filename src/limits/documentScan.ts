/**
 * A flat scan of a query document's tokens before graphql-js parses it, refusing two kinds of document
 * that cost far more to parse or validate than to scan:
 *  - nested too deeply: graphql-js's parser recurses once per level of braces, brackets and
 *    parentheses, so a list literal nested a few thousand levels deep overflows the call stack;
 *  - a name too long: no field, argument or type of the schema has a name of more than a few dozen
 *    characters, but graphql-js compares an unknown name with every known one to suggest a fix, in time
 *    proportional to the name's length (a 900 KiB name costs ~150 ms of CPU).
 * One pass of graphql-js's own lexer, bounded by the token limit.
 */
import { Lexer, Source, TokenKind } from 'graphql';

export interface DocumentScanLimits {
  /** Deepest nesting of braces, brackets and parentheses. */
  maxNesting: number;
  /** The scan stops after this many tokens: the parser refuses longer documents itself. */
  maxTokens: number;
}

/** The longest name (field, alias, argument, fragment, operation, variable) a document may use. */
export const MAX_NAME_LENGTH = 256;

export type ScanVerdict = 'ok' | 'too-deep' | 'name-too-long';

const OPENING = new Set<string>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING = new Set<string>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

/**
 * The first problem found, or 'ok'. A lexical error also ends the scan with 'ok': the parser reports it
 * in its own words.
 */
export function scanDocument(query: string, limits: DocumentScanLimits): ScanVerdict {
  const lexer = new Lexer(new Source(query));
  let depth = 0;
  try {
    for (let tokens = 0; tokens <= limits.maxTokens; tokens++) {
      const token = lexer.advance();
      const kind: string = token.kind;
      if (kind === TokenKind.EOF) return 'ok';
      if (kind === TokenKind.NAME && token.end - token.start > MAX_NAME_LENGTH) return 'name-too-long';
      if (OPENING.has(kind) && ++depth > limits.maxNesting) return 'too-deep';
      if (CLOSING.has(kind)) depth--;
    }
  } catch {
    return 'ok';
  }
  return 'ok';
}
