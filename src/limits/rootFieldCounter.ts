/**
 * Counts the fields written directly in an operation's root selection set, fed by the flat pre-parse
 * scan (src/limits/documentScan.ts) one name or punctuator at a time. It is a lower bound, exact when
 * no fragment is spread at the root: it skips aliases (the field after the colon counts), directive
 * names, fragment spreads, inline fragments' type conditions and everything inside arguments, and it
 * does not count fragment definitions' selections at all. The shape check counts fragments later.
 *
 * An `_entities` field written directly at the root is a federation router's entity fetch, not a root
 * field: Hive Gateway merges parallel fetches into one request of aliased `_entities` fields. Those are
 * counted apart (`entityFetches`), against the representation cap (docs/limits-and-failures.md).
 */
import { endOfLine, HASH, isIgnored } from './documentChars';

const COLON = 0x3a;
const AT = 0x40;
const DOT = 0x2e;
const BRACE_L = 0x7b;
const BRACE_R = 0x7d;
const ENTITIES = '_entities';

export class RootFieldCounter {
  /** `{` opened at selection level (not inside arguments or values). */
  private selectionDepth = 0;
  /** `(` and `[` open, and `{` opened inside them (input objects). */
  private argumentDepth = 0;
  /** The definition being read started with the keyword `fragment`. */
  private inFragment = false;
  private fields = 0;
  private fetches = 0;
  /** What came just before the current token, when it decides what a name is. */
  private previous: 'at' | 'dot' | 'on' | 'other' = 'other';

  constructor(private readonly text: string) {}

  /** A name from `start` to `end`. */
  name(start: number, end: number): void {
    const previous = this.previous;
    const length = end - start;
    const word = length === 2 || length === 8 || length === ENTITIES.length ? this.text.slice(start, end) : '';
    this.previous = previous === 'dot' && word === 'on' ? 'on' : 'other';
    if (this.argumentDepth > 0) return;
    if (this.selectionDepth === 0) {
      if (word === 'fragment') this.inFragment = true;
      return;
    }
    if (this.selectionDepth !== 1 || this.inFragment || previous !== 'other') return;
    if (this.nextSignificant(end) === COLON) return;
    if (word === ENTITIES) this.fetches++;
    else this.fields++;
  }

  /** `_entities` fields written directly in the current (or last) operation's root selection set. */
  get entityFetches(): number {
    return this.fetches;
  }

  /** Any other character that is not white space, a comma or a comment; returns the count so far. */
  punctuator(c: number): number {
    this.previous = c === AT ? 'at' : c === DOT ? 'dot' : 'other';
    if (this.argumentDepth > 0) {
      if (c === BRACE_L || c === 0x28 || c === 0x5b) this.argumentDepth++;
      else if (c === BRACE_R || c === 0x29 || c === 0x5d) this.argumentDepth--;
      return this.fields;
    }
    if (c === 0x28 || c === 0x5b) this.argumentDepth++;
    else if (c === BRACE_L) this.open();
    else if (c === BRACE_R && this.selectionDepth > 0 && --this.selectionDepth === 0) this.inFragment = false;
    return this.fields;
  }

  private open(): void {
    if (this.selectionDepth === 0) {
      this.fields = 0;
      this.fetches = 0;
    }
    this.selectionDepth++;
  }

  /** The next character that is not white space, a comma or in a comment. */
  private nextSignificant(from: number): number {
    let i = from;
    while (i < this.text.length) {
      const c = this.text.charCodeAt(i);
      if (c === HASH) i = endOfLine(this.text, i);
      else if (isIgnored(c)) i++;
      else return c;
    }
    return -1;
  }
}
