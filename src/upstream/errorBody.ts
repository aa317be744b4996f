/**
 * What an upstream error body says, whichever envelope it came in: the upstream's own words (for logs
 * and the few messages the gateway translates) and the names of the fields it complains about. Error
 * maps are read to a bounded depth, so no body can make this recurse without end.
 */
/** The upstream's own words, extracted for logging and for the few messages we translate. */
export function upstreamDetail(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  const errors = record.errors;
  if (Array.isArray(errors)) {
    // Envelopes A (render_error) and C (catch-all bad request).
    const details = errors
      .map((e) => (e && typeof e === 'object' ? (e as Record<string, unknown>).detail ?? (e as Record<string, unknown>).title : undefined))
      .filter((d): d is string => typeof d === 'string');
    return details.join('; ') || undefined;
  }
  if (errors && typeof errors === 'object') {
    // Envelope B (contract validation): {"errors": {"page": ["must be an integer"]}}.
    return flattenFieldMessages(errors as Record<string, unknown>).join('; ') || undefined;
  }
  if (typeof record.error === 'string') return record.error; // Envelope D, the 429 body and the JSON 500.
  if (typeof record.message === 'string') return record.message; // Vendor docs' shape.
  return undefined;
}

/** Error maps nest a level or two; deeper levels are not read, so a hostile body cannot exhaust the stack. */
const MAX_ERROR_MAP_DEPTH = 8;

function flattenFieldMessages(errors: Record<string, unknown>, prefix = '', depth = 1): string[] {
  const out: string[] = [];
  if (depth > MAX_ERROR_MAP_DEPTH) return out;
  for (const [key, value] of Object.entries(errors)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.push(`${name} ${value}`);
    else if (Array.isArray(value)) out.push(...value.filter((m) => typeof m === 'string').map((m) => `${name} ${m}`));
    else if (value && typeof value === 'object') out.push(...flattenFieldMessages(value as Record<string, unknown>, name, depth + 1));
  }
  return out;
}

/** Dotted paths of the fields an error map names, e.g. `page` or `sync.schedule_type`. */
function fieldPaths(map: unknown, prefix = '', depth = 1): string[] {
  if (!map || typeof map !== 'object' || Array.isArray(map) || depth > MAX_ERROR_MAP_DEPTH) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(map as Record<string, unknown>)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && !Array.isArray(value)) out.push(...fieldPaths(value, name, depth + 1));
    else out.push(name);
  }
  return out;
}

/**
 * Parameter or field names an upstream error map names, safe to repeat to the client: only plain
 * snake_case names (they are our own parameters or the API's documented fields), at most five.
 */
function safeFieldNames(map: unknown): string[] {
  return fieldPaths(map)
    .filter((path) => /^[a-z_]{1,40}(\.[a-z_]{1,40}){0,3}$/.test(path))
    .slice(0, 5);
}

export function quoted(names: string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}

/** Field names from envelope B (400 contract errors, `errors` keyed by parameter). */
export function contractFieldNames(body: unknown): string[] {
  const errors = body && typeof body === 'object' ? (body as Record<string, unknown>).errors : undefined;
  return safeFieldNames(errors);
}

/** Field names from a 422 render_error envelope's `source` map. */
export function validationFieldNames(body: unknown): string[] {
  const errors = body && typeof body === 'object' ? (body as Record<string, unknown>).errors : undefined;
  if (!Array.isArray(errors)) return [];
  return safeFieldNames(Object.assign({}, ...errors.map((e) => (e && typeof e === 'object' ? (e as Record<string, unknown>).source : undefined) ?? {})));
}
