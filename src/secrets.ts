/**
 * Secrets in free-form JSON. The upstream masks the secrets of connector configurations, but serves a
 * sync's and a model's `configuration` as stored, `embedding_config.api_key` included, in clear text
 * (docs/upstream-contract.md §2.2, §2.6). The gateway masks every value whose key names a secret, at any
 * depth, before a client sees it; and a log redactor can use the same rule on upstream bodies.
 *
 * The walk is iterative (an explicit stack), so a deeply nested value cannot exhaust the call stack,
 * and pure: the input is never changed, the result shares nothing mutable with it.
 */

/** What a secret value reads as: the upstream's own mask, so an already-masked value is unchanged. */
export const MASKED_SECRET = '*************';

/** A key names a secret when, in snake_case, it is one of these words or ends with `_` and one of them. */
const SECRET_WORDS: readonly string[] = ['api_key', 'secret', 'password', 'token', 'private_key', 'access_key'];

/** `apiKey`, `API-Key`, `api key` and `API_KEY` all read as `api_key`. */
function snakeCase(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[\s.-]+/g, '_')
    .toLowerCase();
}

/** True for `api_key`, `openai_api_key`, `client_secret`, `access_token`, `secret_access_key`, ... in any case. */
export function isSecretKey(key: string): boolean {
  const name = snakeCase(key);
  return SECRET_WORDS.some((word) => name === word || name.endsWith(`_${word}`));
}

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function emptyLike(value: Container): Container {
  return Array.isArray(value) ? new Array<unknown>(value.length) : {};
}

function assign(target: Container, key: string | number, value: unknown): void {
  // A `__proto__` key (JSON.parse makes it an own property) must stay a property, not become a prototype.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else (target as Record<string | number, unknown>)[key] = value;
}

/**
 * A copy of `value` in which every non-null value under a secret key (an object or list included) is
 * MASKED_SECRET. Keys of objects are tested; array items are walked but have no key of their own.
 */
export function maskSecrets(value: unknown): unknown {
  if (!isContainer(value)) return value;
  const root = emptyLike(value);
  const stack: Array<[Container, Container]> = [[value, root]];
  for (let pair = stack.pop(); pair !== undefined; pair = stack.pop()) {
    const [source, target] = pair;
    const inObject = !Array.isArray(source);
    for (const [key, child] of Object.entries(source)) {
      if (inObject && child !== null && isSecretKey(key)) {
        assign(target, key, MASKED_SECRET);
      } else if (isContainer(child)) {
        const copy = emptyLike(child);
        assign(target, Array.isArray(target) ? Number(key) : key, copy);
        stack.push([child, copy]);
      } else {
        assign(target, Array.isArray(target) ? Number(key) : key, child);
      }
    }
  }
  return root;
}

/** A JSON member `"key": value` whose value is a string (possibly cut off by truncation), a number or a boolean. */
const JSON_MEMBER = /"((?:[^"\\]|\\.)*)"(\s*:\s*)("(?:[^"\\]|\\.)*"?|-?\d[\d.eE+-]*|true|false)/g;

/**
 * The same rule on JSON text that may not parse (an excerpt of an upstream body, cut at any point):
 * the scalar value of every member whose key names a secret becomes MASKED_SECRET. For log lines.
 */
export function maskSecretsInText(text: string): string {
  return text.replace(JSON_MEMBER, (member: string, key: string, colon: string) => (isSecretKey(key) ? `"${key}"${colon}"${MASKED_SECRET}"` : member));
}

/** A `configuration` as the client gets it: masked unless MASK_SECRETS is off. */
export function servedConfiguration(value: unknown, mask: boolean): unknown {
  if (value === undefined || value === null) return null;
  return mask ? maskSecrets(value) : value;
}
