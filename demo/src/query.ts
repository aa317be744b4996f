/**
 * Query strings the way Rails reads and writes them: parsing keeps the last value of a repeated key;
 * encoding is ActiveSupport's `to_query` (CGI escaping, `key=value` pairs sorted), which is what the
 * upstream's pagination links are built with (docs/upstream-contract.md §3.1).
 */

/**
 * Decoded query parameters. Object.fromEntries defines own properties, so a key such as `__proto__`
 * stays plain data instead of touching the prototype.
 */
export function parseQuery(search: string): Record<string, string> {
  const raw = search.startsWith('?') ? search.slice(1) : search;
  const lastValues = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(raw)) lastValues.set(key, value);
  return Object.fromEntries(lastValues);
}

/** Ruby's CGI.escape: everything but `a-zA-Z0-9_.-~` is percent-encoded, space becomes `+`. */
export function cgiEscape(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** ActiveSupport `Hash#to_query`: `key=value` pairs, escaped, sorted, joined with `&`. */
export function encodeQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .map((key) => `${cgiEscape(key)}=${cgiEscape(params[key] as string)}`)
    .sort()
    .join('&');
}
