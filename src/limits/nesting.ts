/**
 * How deeply a query document nests braces, brackets and parentheses, found by a flat scan of its
 * tokens before graphql-js parses it. graphql-js's parser recurses once per level, so a list literal
 * nested a few thousand levels deep overflows the call stack; this scan refuses such a document first,
 * with QUERY_TOO_COMPLEX, at the cost of one pass of the lexer (bounded by the token limit).
 */
import { Lexer, Source, TokenKind } from 'graphql';

const OPENING = new Set<string>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING = new Set<string>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

/**
 * True when the document nests deeper than `maxNesting`. Stops at the first token past the limit, at
 * `maxTokens` tokens (the parser refuses longer documents itself) and at a lexical error (which the
 * parser reports in its own words).
 */
export function nestsTooDeeply(query: string, maxNesting: number, maxTokens: number): boolean {
  const lexer = new Lexer(new Source(query));
  let depth = 0;
  try {
    for (let tokens = 0; tokens <= maxTokens; tokens++) {
      const kind: string = lexer.advance().kind;
      if (kind === TokenKind.EOF) return false;
      if (OPENING.has(kind) && ++depth > maxNesting) return true;
      if (CLOSING.has(kind)) depth--;
    }
  } catch {
    return false;
  }
  return false;
}
