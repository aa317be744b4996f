/**
 * The page's own script and styles, served as files (the Content-Security-Policy allows no inline
 * script or style). The script reads its settings from the page's JSON data block.
 */

/** Renders GraphiQL into #graphiql with the settings of the `graphiql-config` JSON block. */
export const BOOT_SCRIPT = `'use strict';
(function () {
  var mount = document.getElementById('graphiql');
  var config = JSON.parse(document.getElementById('graphiql-config').textContent);
  if (typeof window.GraphiQL !== 'function' || !window.React || !window.ReactDOM) {
    mount.textContent = 'GraphiQL failed to load its scripts; reload the page.';
    return;
  }
  var GraphiQL = window.GraphiQL;
  // COST_REPORT: report-panel.js asks each query for its upstream requests and shows them in a panel.
  var report = config.upstreamReport ? window.gatewayUpstreamReport : undefined;
  var fetcher = GraphiQL.createFetcher(report ? { url: config.endpoint, fetch: report.fetch } : { url: config.endpoint });
  // Subscriptions go over WebSocket (subscriptions.js) with the headers editor's credentials; the rest over HTTP.
  var subscriptions = window.gatewaySubscriptions;
  var root = window.ReactDOM.createRoot(mount);
  root.render(
    window.React.createElement(GraphiQL, {
      fetcher: subscriptions ? subscriptions.wrapFetcher(fetcher, config.endpoint) : fetcher,
      plugins: report ? [report.plugin] : [],
      defaultQuery: config.defaultQuery,
      defaultHeaders: config.defaultHeaders,
      defaultEditorToolsVisibility: 'headers',
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      showPersistHeadersSettings: true,
      storage: GraphiQL.createLocalStorage({ namespace: config.storageNamespace }),
    }),
  );
})();
`;

/** Lets GraphiQL fill the window. */
export const PAGE_STYLES = `html, body { height: 100%; margin: 0; }
#graphiql { height: 100vh; }
#graphiql > .graphiql-loading { font: 16px system-ui, sans-serif; padding: 2rem; color: #3b4b68; }
`;
