/**
 * GraphiQL's "Upstream cost" plugin, served as a file like the boot script (the Content-Security-Policy
 * allows no inline script): a fetch that asks every query for the cost report (`X-Upstream-Report: 1`)
 * and hands the answer's `extensions.upstream` to a panel drawing a timeline of its upstream requests.
 * Plain React 18 (the UMD global), no build step; boot.js installs it only when COST_REPORT is on.
 * The JSON it reads is described in docs/observability.md ("Cost report").
 */

/** Defines `window.gatewayUpstreamReport = { fetch, plugin }`. */
export const REPORT_PANEL_SCRIPT = `'use strict';
(function () {
  var React = window.React;
  if (!React) return;
  var h = React.createElement;
  // undefined: no query yet; null: the last answer had no report (refused before execution).
  var state = { report: undefined };
  var listeners = new Set();
  function publish(report) {
    state = { report: report || null };
    listeners.forEach(function (listener) { listener(); });
  }
  function subscribe(listener) {
    listeners.add(listener);
    return function () { listeners.delete(listener); };
  }
  function current() { return state; }

  function isIntrospection(init) {
    try { return JSON.parse(init.body).operationName === 'IntrospectionQuery'; } catch (e) { return false; }
  }

  // The report goes to the panel, not to the result pane: the answer GraphiQL reads is the one it would
  // get without the header. GraphiQL's fetcher passes a plain headers object; the user's headers win.
  function reportingFetch(url, init) {
    if (!init || typeof init.body !== 'string' || isIntrospection(init)) return window.fetch(url, init);
    var headers = Object.assign({ 'x-upstream-report': '1' }, init.headers);
    return window.fetch(url, Object.assign({}, init, { headers: headers })).then(function (response) {
      if (!/json/.test(response.headers.get('content-type') || '')) {
        publish(null);
        return response;
      }
      return response.text().then(function (text) {
        var body;
        try { body = JSON.parse(text); } catch (e) { publish(null); return rebuilt(response, text); }
        var extensions = body && body.extensions;
        publish(extensions && extensions.upstream);
        if (!extensions || extensions.upstream === undefined) return rebuilt(response, text);
        delete extensions.upstream;
        if (Object.keys(extensions).length === 0) delete body.extensions;
        return rebuilt(response, JSON.stringify(body));
      });
    });
  }
  function rebuilt(response, text) {
    return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
  }

  function formatMs(value) { return value === null ? '…' : (value < 10 ? value.toFixed(1) : Math.round(value)) + ' ms'; }
  function formatBytes(value) { return value < 1024 ? value + ' B' : (value / 1024).toFixed(1) + ' kB'; }
  function pageOf(entry) { return entry.page === null ? '' : ' p' + entry.page + (entry.perPage === null ? '' : '×' + entry.perPage); }
  // Every route starts with /api/v1/: the panel shows the rest, the tooltip the whole template.
  function shortRoute(route) { return route.indexOf('/api/v1/') === 0 ? route.slice(8) : route; }
  function percent(value, scale) { return Math.max(0, Math.min(100, (value / scale) * 100)) + '%'; }

  function Icon(props) {
    return h('svg', Object.assign({ viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 1.5, strokeLinecap: 'round' }, props),
      h('path', { d: 'M3 4v16M3 20h18M6 7h7M9 11h9M6 15h5M13 15h4' }));
  }

  function Totals(props) {
    var t = props.totals;
    var items = [
      [t.requests, t.requests === 1 ? 'request' : 'requests'],
      [t.rounds, t.rounds === 1 ? 'round' : 'rounds'],
      [formatBytes(t.bytes), 'received'],
      [t.deduplicated, 'deduplicated'],
      [t.cached, 'cached'],
      [t.retries, t.retries === 1 ? 'retry' : 'retries'],
    ];
    return h('dl', { className: 'upstream-totals', 'aria-label': 'Upstream totals' }, items.map(function (item) {
      return h('div', { key: item[1] }, h('dt', null, item[1]), h('dd', null, String(item[0])));
    }));
  }

  function statusClass(entry) {
    if (entry.outcome === 'ok') return 'ok';
    if (entry.outcome === 'unfinished') return 'unfinished';
    return entry.outcome === 'transport_failure' ? 'failed' : 'error';
  }

  function RequestRow(props) {
    var entry = props.entry, scale = props.scale;
    var duration = entry.durationMs === null ? scale - entry.startOffsetMs : entry.durationMs;
    var retry = entry.attempt > 1 ? ' · attempt ' + entry.attempt + ' after ' + entry.retryCause : '';
    var title = entry.method + ' ' + entry.route + pageOf(entry) + ': starts at ' + formatMs(entry.startOffsetMs) + ', ' + formatBytes(entry.bytes) + ', round ' + entry.round;
    return h('li', { className: 'upstream-row upstream-' + statusClass(entry), title: title },
      h('div', { className: 'upstream-label' },
        h('span', { className: 'upstream-status' }, entry.status === null ? '—' : String(entry.status)),
        h('span', { className: 'upstream-route' }, entry.method + ' ' + shortRoute(entry.route) + pageOf(entry) + retry),
        h('span', { className: 'upstream-round' }, 'r' + entry.round),
        h('span', { className: 'upstream-duration' }, formatMs(entry.durationMs))),
      h('div', { className: 'upstream-track' },
        h('div', { className: 'upstream-bar', style: { left: percent(entry.startOffsetMs, scale), width: percent(duration, scale) } })));
  }

  function ServedRow(props) {
    var entry = props.entry;
    return h('li', { className: 'upstream-row upstream-served', title: entry.how + ' at ' + formatMs(entry.atOffsetMs) },
      h('div', { className: 'upstream-label' },
        h('span', { className: 'upstream-status' }, entry.how === 'cached' ? 'cache' : 'dedup'),
        h('span', { className: 'upstream-route' }, shortRoute(entry.route) + pageOf(entry)),
        h('span', { className: 'upstream-duration' }, 'no request')),
      h('div', { className: 'upstream-track' },
        h('div', { className: 'upstream-served-mark', style: { left: percent(entry.atOffsetMs, props.scale) } })));
  }

  function Timeline(props) {
    var report = props.report;
    var scale = report.totals.executionMs;
    report.requests.forEach(function (r) { scale = Math.max(scale, r.startOffsetMs + (r.durationMs || 0)); });
    scale = Math.max(scale, 0.1);
    return h('div', { className: 'upstream-timeline' },
      h('div', { className: 'upstream-axis' }, h('span', null, '0 ms'), h('span', null, 'execution ' + formatMs(report.totals.executionMs))),
      h('ol', { className: 'upstream-requests', 'aria-label': 'Upstream requests' }, report.requests.map(function (entry, index) {
        return h(RequestRow, { key: 'r' + index, entry: entry, scale: scale });
      })),
      report.served.length === 0 ? null : h('h3', null, 'Served without a request'),
      report.served.length === 0 ? null : h('ol', { className: 'upstream-served-list', 'aria-label': 'Reads served without a request' }, report.served.map(function (entry, index) {
        return h(ServedRow, { key: 's' + index, entry: entry, scale: scale });
      })));
  }

  function Panel() {
    var report = React.useSyncExternalStore(subscribe, current).report;
    var body;
    if (report === undefined) body = h('p', { className: 'upstream-note' }, 'Run a query: its upstream requests appear here.');
    else if (report === null) body = h('p', { className: 'upstream-note' }, 'The last answer has no upstream report: it was refused before execution.');
    else body = [h(Totals, { key: 'totals', totals: report.totals }), h(Timeline, { key: 'timeline', report: report })];
    return h('section', { className: 'upstream-report', 'aria-label': 'Upstream cost report' },
      h('div', { className: 'graphiql-doc-explorer-title' }, 'Upstream cost'), body);
  }

  window.gatewayUpstreamReport = { fetch: reportingFetch, plugin: { title: 'Upstream cost', icon: Icon, content: Panel } };
})();
`;

/** The panel's styles, in GraphiQL's own colour variables (light and dark themes alike). */
export const REPORT_PANEL_STYLES = `.upstream-report { font-size: var(--font-size-body, 15px); }
.upstream-report h3 { font-size: 0.9em; margin: 1em 0 0.4em; font-weight: 600; }
.upstream-note { color: hsla(var(--color-neutral), var(--alpha-secondary)); }
.upstream-totals { display: flex; flex-wrap: wrap; gap: 6px; margin: 0.6em 0 1em; }
.upstream-totals > div { border: 1px solid hsla(var(--color-neutral), 0.2); border-radius: 6px; padding: 2px 8px; text-align: center; }
.upstream-totals dd { margin: 0; font-weight: 600; font-size: 1.1em; }
.upstream-totals dt { font-size: 0.75em; color: hsla(var(--color-neutral), var(--alpha-secondary)); }
.upstream-axis { display: flex; justify-content: space-between; font-size: 0.75em; color: hsla(var(--color-neutral), var(--alpha-secondary)); border-bottom: 1px solid hsla(var(--color-neutral), 0.2); }
.upstream-requests, .upstream-served-list { list-style: none; margin: 0; padding: 0; }
.upstream-row { padding: 3px 0; border-bottom: 1px dashed hsla(var(--color-neutral), 0.12); }
.upstream-label { display: flex; gap: 6px; font-family: var(--font-family-mono, monospace); font-size: 0.72em; white-space: nowrap; }
.upstream-route { overflow: hidden; text-overflow: ellipsis; flex: 1; }
.upstream-status { font-weight: 600; min-width: 3em; }
.upstream-round { color: hsl(var(--color-secondary)); }
.upstream-duration { min-width: 3.6em; text-align: right; color: hsla(var(--color-neutral), var(--alpha-secondary)); }
.upstream-track { position: relative; height: 8px; margin-top: 2px; background: hsla(var(--color-neutral), 0.06); border-radius: 2px; }
.upstream-bar { position: absolute; top: 0; bottom: 0; min-width: 2px; border-radius: 2px; background: hsl(var(--color-tertiary)); }
.upstream-error .upstream-bar { background: hsl(var(--color-error)); }
.upstream-error .upstream-status, .upstream-failed .upstream-status { color: hsl(var(--color-error)); }
.upstream-failed .upstream-bar { background: repeating-linear-gradient(45deg, hsl(var(--color-error)), hsl(var(--color-error)) 3px, transparent 3px, transparent 6px); }
.upstream-unfinished .upstream-bar { background: hsla(var(--color-neutral), 0.4); }
.upstream-served .upstream-status { color: hsl(var(--color-secondary)); }
.upstream-served-mark { position: absolute; top: -1px; width: 10px; height: 10px; margin-left: -5px; border-radius: 50%; background: hsl(var(--color-secondary)); }
`;
