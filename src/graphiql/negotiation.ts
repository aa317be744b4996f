/**
 * Content negotiation for the GraphiQL routes: whether a GET /graphql comes from a browser that wants
 * a page (RFC 9110 Accept), and whether a response may be sent gzipped (Accept-Encoding).
 */

const GRAPHQL_MEDIA_TYPES = ['application/json', 'application/graphql-response+json'];

/**
 * True when the Accept header rates text/html above every GraphQL response type: a browser's navigation
 * (`text/html,...,*\/*;q=0.8`) does, `*\/*`, `application/json` or a missing header do not.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  const ranges = parseAccept(accept);
  const html = qualityOf(ranges, 'text/html');
  return html > 0 && GRAPHQL_MEDIA_TYPES.every((type) => html > qualityOf(ranges, type));
}

/** True when Accept-Encoding allows gzip (named, or through `*`, with a quality above 0). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (acceptEncoding === undefined) return false;
  let wildcard: number | undefined;
  for (const part of acceptEncoding.split(',')) {
    const [coding = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = parseQuality(params);
    if (coding === 'gzip' || coding === 'x-gzip') return q > 0;
    if (coding === '*') wildcard = q;
  }
  return wildcard !== undefined && wildcard > 0;
}

interface MediaRange {
  type: string;
  subtype: string;
  q: number;
}

function parseAccept(accept: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of accept.split(',')) {
    const [mediaType = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const [type, subtype] = mediaType.split('/');
    if (!type || !subtype) continue;
    ranges.push({ type, subtype, q: parseQuality(params) });
  }
  return ranges;
}

/** The quality of the most specific range that matches `mediaType`, 0 when none does. */
function qualityOf(ranges: MediaRange[], mediaType: string): number {
  const [type, subtype] = mediaType.split('/');
  let best = { specificity: 0, q: 0 };
  for (const range of ranges) {
    const specificity =
      range.type === type && range.subtype === subtype ? 3 : range.type === type && range.subtype === '*' ? 2 : range.type === '*' && range.subtype === '*' ? 1 : 0;
    if (specificity > best.specificity) best = { specificity, q: range.q };
  }
  return best.q;
}

function parseQuality(params: string[]): number {
  for (const param of params) {
    const match = /^q\s*=\s*([0-9.]+)$/.exec(param);
    if (match) {
      const q = Number(match[1]);
      return Number.isFinite(q) ? Math.min(Math.max(q, 0), 1) : 1;
    }
  }
  return 1;
}
