/**
 * The characters the pre-parse scan (src/limits/documentScan.ts) and its root-field counter
 * (src/limits/rootFieldCounter.ts) both skip: what graphql-js's lexer ignores between tokens.
 */
export const HASH = 0x23;
export const LF = 0x0a;
export const CR = 0x0d;

/** White space, line breaks, commas and the byte order mark: nothing to the parser. */
export function isIgnored(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === LF || c === CR || c === 0x2c || c === 0xfeff;
}

/** From a `#`, the index of the line break that ends the comment (or the end of the text). */
export function endOfLine(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) i++;
  return i;
}
