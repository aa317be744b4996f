/**
 * Removes credentials from text bound for a log line, with two nets: the exact secrets of the request
 * at hand (the caller's token, in the forms an echo may quote it), and anything shaped like a
 * credential whoever it belongs to (`Bearer …`, a JWT). Plain string work, no regex built from a
 * secret, and every scan linear in the text, so a hostile body cannot make redaction slow.
 */

export const REDACTED = '[redacted]';

/**
 * `Bearer` and a token68 (RFC 7235). The blanks between them may be JSON escapes (`\n`, `\t`), since
 * the logger applies this to serialized lines too; neither part can hold `"` or `\`, so a match never
 * crosses the end of a JSON string.
 */
const BEARER = /bearer(?:\s|\\[nrt])+[A-Za-z0-9\-._~+/]+=*/gi;

/** A word of base64url characters and dots: where a JWT may hide, checked segment by segment. */
const WORD = /[A-Za-z0-9_.-]+/g;

/** Replaces every bearer credential and JWT-shaped string in `text`, whoever it belongs to. */
export function scrubCredentialShapes(text: string): string {
  const scrubbed = text.replace(BEARER, `Bearer ${REDACTED}`);
  return scrubbed.includes('eyJ') ? scrubbed.replace(WORD, redactJwts) : scrubbed;
}

/**
 * A JWT is three dot-separated base64url segments, the first starting with `eyJ` (`{"` encoded) and
 * the second not empty. Walking a word's segments once (rather than a regex with a search per `eyJ`,
 * which is quadratic on a body of repeated `eyJ`) keeps the cost linear in the text.
 */
function redactJwts(word: string): string {
  if (!word.includes('eyJ')) return word;
  const segments = word.split('.');
  const out: string[] = [];
  for (let i = 0; i < segments.length; i += 1) {
    const segment = segments[i]!;
    const start = segment.indexOf('eyJ');
    if (start >= 0 && segment.length - start > 3 && i + 2 < segments.length && segments[i + 1] !== '') {
      out.push(segment.slice(0, start) + REDACTED);
      i += 2;
    } else {
      out.push(segment);
    }
  }
  return out.join('.');
}

/**
 * Replaces every occurrence of each secret (compared as plain text: a token's `.` or `+` is no
 * pattern), then every credential shape. Empty secrets are ignored.
 */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret !== '') out = out.split(secret).join(REDACTED);
  }
  return scrubCredentialShapes(out);
}

/**
 * The strings that give away the caller's credentials in an `Authorization` value: the token itself
 * (which also covers `Bearer <token>`), and the forms an upstream may echo it in, JSON with escaped
 * slashes and URL-encoded.
 */
export function authorizationSecrets(authorization: string | undefined): string[] {
  const token = (authorization ?? '').replace(/^bearer\s+/i, '').trim();
  if (token === '') return [];
  return [...new Set([token, token.replaceAll('/', '\\/'), encodeURIComponent(token)])];
}
