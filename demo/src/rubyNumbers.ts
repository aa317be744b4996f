/**
 * Ruby's lenient string-to-integer conversions, which decide how the upstream reads `page`,
 * `per_page` and lookup ids that no contract validated.
 */

/** `String#to_i`: leading integer (whitespace, sign and `_` separators allowed), else 0. */
export function rubyToInteger(text: string): number {
  const match = /^\s*([+-]?\d+(?:_\d+)*)/.exec(text);
  if (!match) return 0;
  const value = Number((match[1] as string).replace(/_/g, ''));
  return Number.isSafeInteger(value) ? value : Math.sign(value) * Number.MAX_SAFE_INTEGER;
}

/**
 * ActiveRecord's integer cast of a lookup value (`find_by(id: "5abc")` looks up 5, `"abc"` looks up
 * nothing): null when the text does not start with a number.
 */
export function castRecordId(text: string): number | null {
  return /^\s*[+-]?\d/.test(text) ? rubyToInteger(text) : null;
}
