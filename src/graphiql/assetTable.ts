/**
 * The whitelist of files GraphiQL's page loads, all served by the gateway itself (nothing from a CDN).
 * A URL never reaches the filesystem: requests are matched against this table by exact path, and each
 * entry names its file by package and a fixed relative path resolved with require.resolve.
 */
import { dirname, join } from 'node:path';
import { BOOT_SCRIPT, PAGE_STYLES } from './browserCode';
import { REPORT_PANEL_SCRIPT, REPORT_PANEL_STYLES } from './reportPanel';
import { SUBSCRIPTION_FETCHER_SCRIPT } from './subscriptionFetcher';

/** Where one served file comes from. */
export type AssetSource =
  | { kind: 'package'; packageName: string; file: string }
  | { kind: 'text'; text: string };

export interface AssetSpec {
  /** File name in the asset URL (`/graphiql/assets/<fingerprint>/<name>`). */
  name: string;
  contentType: string;
  source: AssetSource;
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/**
 * In load order. GraphiQL 3's UMD bundle expects React 18 and ReactDOM as globals and carries its fonts
 * (Roboto, Fira Code) inline as data: URLs; it uses no web workers.
 */
export const ASSET_SPECS: readonly AssetSpec[] = [
  { name: 'graphiql.min.css', contentType: CSS, source: { kind: 'package', packageName: 'graphiql', file: 'graphiql.min.css' } },
  { name: 'page.css', contentType: CSS, source: { kind: 'text', text: PAGE_STYLES } },
  { name: 'report-panel.css', contentType: CSS, source: { kind: 'text', text: REPORT_PANEL_STYLES } },
  { name: 'react.production.min.js', contentType: JS, source: { kind: 'package', packageName: 'react', file: 'umd/react.production.min.js' } },
  {
    name: 'react-dom.production.min.js',
    contentType: JS,
    source: { kind: 'package', packageName: 'react-dom', file: 'umd/react-dom.production.min.js' },
  },
  { name: 'graphiql.min.js', contentType: JS, source: { kind: 'package', packageName: 'graphiql', file: 'graphiql.min.js' } },
  { name: 'report-panel.js', contentType: JS, source: { kind: 'text', text: REPORT_PANEL_SCRIPT } },
  // graphql-ws's browser build (the `graphqlWs` global): GraphiQL's subscriptions over WebSocket.
  { name: 'graphql-ws.min.js', contentType: JS, source: { kind: 'package', packageName: 'graphql-ws', file: 'umd/graphql-ws.min.js' } },
  { name: 'subscriptions.js', contentType: JS, source: { kind: 'text', text: SUBSCRIPTION_FETCHER_SCRIPT } },
  { name: 'boot.js', contentType: JS, source: { kind: 'text', text: BOOT_SCRIPT } },
];

/**
 * Absolute path of a package file. Resolves `<package>/package.json` (which react-dom's `exports` allow,
 * unlike its umd/ files) and joins the table's fixed relative path.
 */
export function resolvePackageFile(packageName: string, file: string): string {
  return join(dirname(require.resolve(`${packageName}/package.json`)), file);
}
