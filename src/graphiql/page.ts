/**
 * GraphiQL's HTML page: asset links, and the settings as a JSON data block (not executed, so the
 * Content-Security-Policy needs no inline script).
 */
import type { AssetBundle } from './assets';

export interface PageSettings {
  /** Path GraphiQL sends its queries to. */
  endpoint: string;
  /** The query of GraphiQL's first tab. */
  defaultQuery: string;
  /** Values pre-filled in the headers editor. */
  defaultHeaders: Record<string, string>;
  /** COST_REPORT: ask every query for its upstream cost report and show it in the "Upstream cost" panel. */
  upstreamReport: boolean;
}

/** localStorage namespace, so tabs saved by another GraphiQL on the same origin do not replace ours. */
const STORAGE_NAMESPACE = 'aisquared-gateway-graphiql';

/**
 * Everything comes from the gateway itself; no inline or eval'd script. Fonts and a few images are data:
 * URLs inside GraphiQL's CSS. GraphiQL's dialogs add a <style> element from script (react-remove-scroll,
 * whose nonce the UMD bundle cannot be given), hence 'unsafe-inline' for style elements only; inline
 * style attributes stay blocked (components set styles through the CSSOM, which CSP does not restrict).
 * `connect-src` gets the page's own host for WebSocket (subscriptions): see contentSecurityPolicy.
 */
const POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "style-src-elem 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

/** A Host header CSP can name: DNS labels or an IPv4 address, and a port (no IPv6 literal, no userinfo). */
const CSP_HOST = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d{1,5})?$/i;

/**
 * The page's policy when requested with Host `host`. Older browsers (CSP level 2) do not count ws:/wss:
 * as 'self', so the WebSocket URL GraphiQL subscribes on is named: that host, both schemes, since a
 * TLS proxy in front may turn http into https. A Host CSP cannot express adds nothing ('self' only).
 */
export function contentSecurityPolicy(host: string | undefined): string {
  if (host === undefined || !CSP_HOST.test(host)) return POLICY.join('; ');
  const named = host.toLowerCase();
  return POLICY.map((directive) => (directive === "connect-src 'self'" ? `${directive} ws://${named} wss://${named}` : directive)).join('; ');
}

const STYLESHEETS = ['graphiql.min.css', 'page.css', 'report-panel.css'];
const SCRIPTS = [
  'react.production.min.js',
  'react-dom.production.min.js',
  'graphiql.min.js',
  'report-panel.js',
  'graphql-ws.min.js',
  'subscriptions.js',
  'boot.js',
];

export function renderPage(assets: AssetBundle, settings: PageSettings): string {
  const url = (name: string): string => {
    const path = assets.urls.get(name);
    if (path === undefined) throw new Error(`GraphiQL asset "${name}" is not in the asset table.`);
    return escapeHtml(path);
  };
  const config = {
    endpoint: settings.endpoint,
    defaultQuery: settings.defaultQuery,
    defaultHeaders: JSON.stringify(settings.defaultHeaders, null, 2),
    storageNamespace: STORAGE_NAMESPACE,
    upstreamReport: settings.upstreamReport,
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>GraphiQL · AI Squared GraphQL gateway</title>
<link rel="icon" href="data:,">
${STYLESHEETS.map((name) => `<link rel="stylesheet" href="${url(name)}">`).join('\n')}
<script type="application/json" id="graphiql-config">${serializeJsonForScript(config)}</script>
${SCRIPTS.map((name) => `<script defer src="${url(name)}"></script>`).join('\n')}
</head>
<body>
<div id="graphiql"><p class="graphiql-loading">Loading GraphiQL…</p></div>
<noscript>GraphiQL needs JavaScript.</noscript>
</body>
</html>
`;
}

/**
 * JSON that is safe inside a <script> element: no `<` (so no `</script>` or `<!--`), and the two line
 * separators JavaScript once treated as newlines are escaped too.
 */
export function serializeJsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
