/**
 * Routes GraphiQL's requests: the page at GET / and at a browser's GET of the GraphQL endpoint, and the
 * whitelisted assets. Everything else (including GraphQL GETs that accept JSON) is left to the caller.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ASSET_PATH_PREFIX, loadAssets, type AssetBundle, type LoadedAsset } from './assets';
import { EXAMPLE_QUERY } from './exampleQuery';
import { acceptsGzip, prefersHtml } from './negotiation';
import { contentSecurityPolicy, renderPage } from './page';

export interface GraphiQLOptions {
  /** Path GraphiQL sends its queries to (and serves the page at, for browsers). */
  endpoint: string;
  /** Values pre-filled in the headers editor. */
  defaultHeaders: Record<string, string>;
  /** The query of the first tab; the syncs -> runs -> records example unless given. */
  defaultQuery?: string;
  /** COST_REPORT: GraphiQL asks for the upstream cost report and shows it in a panel. */
  upstreamReport?: boolean;
}

/** Answers a GraphiQL request and resolves to true, or resolves to false without touching `res`. */
export type GraphiQLHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

const ASSET_HEADERS = {
  'cache-control': 'public, max-age=31536000, immutable',
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'same-origin',
  vary: 'Accept-Encoding',
};

/** Files are read (and gzipped) on the first GraphiQL request, once per handler. */
export function createGraphiQLHandler(options: GraphiQLOptions): GraphiQLHandler {
  let loading: Promise<{ assets: AssetBundle; page: Buffer }> | undefined;
  const load = () => {
    loading ??= loadAssets().then(
      (assets) => {
        const html = renderPage(assets, {
          endpoint: options.endpoint,
          defaultQuery: options.defaultQuery ?? EXAMPLE_QUERY,
          defaultHeaders: options.defaultHeaders,
          upstreamReport: options.upstreamReport ?? false,
        });
        return { assets, page: Buffer.from(html, 'utf8') };
      },
      (error: unknown) => {
        loading = undefined; // let the next request try again
        throw error;
      },
    );
    return loading;
  };

  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const { pathname } = new URL(req.url ?? '/', 'http://gateway.local');
    if (pathname === '/' || (pathname === options.endpoint && prefersHtml(req.headers.accept))) {
      const { page } = await load();
      const policy = contentSecurityPolicy(req.headers.host);
      const headers = { ...PAGE_HEADERS, 'content-security-policy': policy, ...(pathname === options.endpoint ? { vary: 'Accept' } : {}) };
      send(req, res, headers, page);
      return true;
    }
    if (pathname.startsWith(ASSET_PATH_PREFIX)) {
      const asset = (await load()).assets.byPath.get(pathname);
      if (asset === undefined) return false;
      sendAsset(req, res, asset);
      return true;
    }
    return false;
  };
}

function sendAsset(req: IncomingMessage, res: ServerResponse, asset: LoadedAsset): void {
  const headers = { ...ASSET_HEADERS, 'content-type': asset.contentType };
  if (asset.gzipped && acceptsGzip(req.headers['accept-encoding'])) {
    send(req, res, { ...headers, 'content-encoding': 'gzip' }, asset.gzipped);
  } else {
    send(req, res, headers, asset.body);
  }
}

function send(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>, body: Buffer): void {
  res.statusCode = 200;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('content-length', body.length);
  res.end(req.method === 'HEAD' ? undefined : body);
}
