/**
 * The one way text the upstream sent reaches a log line. An upstream may echo the caller's credentials
 * (a 401 quoting the header it refused, a 500 dumping the request it failed on), so each piece is
 * stripped of the request's own token, of anything shaped like a credential and of values under keys
 * that name a secret (an `api_key` in a configuration it echoed; src/secrets.ts), then cut to a bounded
 * length. The logger's own net (src/logger.ts) catches shapes on every line, but only this module knows
 * the caller's exact token.
 */
import { authorizationSecrets, redactText } from '../redact';
import { maskSecretsInText } from '../secrets';
import type { WireRequest } from './transport';

/** Upstream text kept per log field, in characters. */
const MAX_LOGGED_UPSTREAM_CHARS = 500;

/** No secret a caller can send is longer (src/credentials.ts caps the Authorization header at 8 KiB). */
const SECRET_SLACK_CHARS = 8192;

/** What an upstream said, as the log fields that carry it. */
interface UpstreamText {
  /** The upstream's own error words, extracted from its envelope (errorMapping.ts). */
  upstreamDetail?: string | undefined;
  /** The start of the raw body. */
  upstreamBody?: string | undefined;
}

/** The fields, each redacted for `request`'s credentials and cut to MAX_LOGGED_UPSTREAM_CHARS. */
export function loggableUpstreamText(request: WireRequest, text: UpstreamText): UpstreamText {
  const secrets = authorizationSecrets(request.headers.authorization);
  const out: UpstreamText = {};
  if (text.upstreamDetail !== undefined) out.upstreamDetail = loggable(text.upstreamDetail, secrets);
  if (text.upstreamBody !== undefined) out.upstreamBody = loggable(text.upstreamBody, secrets);
  return out;
}

/**
 * Redacts before cutting, so a token straddling the cut cannot leave its first half behind; only a
 * window of the text is redacted, long enough that any secret starting in the kept part is whole in it.
 */
function loggable(text: string, secrets: string[]): string {
  const slack = Math.max(SECRET_SLACK_CHARS, ...secrets.map((secret) => secret.length));
  const clean = maskSecretsInText(redactText(text.slice(0, MAX_LOGGED_UPSTREAM_CHARS + slack), secrets));
  return clean.length > MAX_LOGGED_UPSTREAM_CHARS ? `${clean.slice(0, MAX_LOGGED_UPSTREAM_CHARS)}…` : clean;
}
