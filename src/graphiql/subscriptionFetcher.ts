/**
 * GraphiQL's subscriptions over GraphQL over WebSocket, served as a file like the boot script (the
 * Content-Security-Policy allows no inline script). GraphiQL's own `createFetcher` options for
 * WebSocket take fixed connection params; ours come from the headers editor at each run, so a
 * subscription carries the same `Authorization` and `Workspace-Id` as a query. Needs graphql-ws's
 * browser build (the `graphqlWs` global), loaded before it; boot.js wraps its fetcher with it.
 */

/** Defines `window.gatewaySubscriptions = { wrapFetcher(fetcher, endpoint) }`. */
export const SUBSCRIPTION_FETCHER_SCRIPT = `'use strict';
(function () {
  var graphqlWs = window.graphqlWs;
  if (!graphqlWs) return;

  // The gateway answers WebSocket upgrades on its GraphQL path: ws:// next to http://, wss:// next to https://.
  function socketUrl(endpoint) {
    var url = new URL(endpoint, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.hash = '';
    return url.href;
  }

  // The operation that runs is the one named, or the document's only one. Unparsable text has no
  // document: it goes over HTTP, which answers with the syntax error.
  function isSubscription(documentAST, operationName) {
    if (!documentAST) return false;
    var operations = documentAST.definitions.filter(function (d) { return d.kind === 'OperationDefinition'; });
    var chosen = operationName
      ? operations.find(function (d) { return d.name && d.name.value === operationName; })
      : operations.length === 1 ? operations[0] : undefined;
    return Boolean(chosen) && chosen.operation === 'subscription';
  }

  // HTTP sends every header value as text; the gateway reads only text from connection_init, so a
  // Workspace-Id typed as a JSON number works over both.
  function connectionParams(headers) {
    var params = {};
    Object.keys(headers || {}).sort().forEach(function (name) {
      var value = headers[name];
      if (value !== null && value !== undefined) params[name] = String(value);
    });
    return params;
  }

  // One client per distinct set of headers: editing the token makes the next run use a new socket.
  // Clients are lazy, so one that runs nothing holds no socket. No retries: a refused token (4403)
  // shows at once instead of after minutes of backoff; press run again after a dropped connection.
  function createClientCache(url) {
    var clients = new Map();
    return function clientFor(params) {
      var key = JSON.stringify(params);
      var client = clients.get(key);
      if (!client) {
        client = graphqlWs.createClient({ url: url, connectionParams: params, retryAttempts: 0 });
        clients.set(key, client);
      }
      return client;
    };
  }

  // GraphiQL prints an error object as is; a CloseEvent's fields are not its own, so it would print {}.
  function describeError(error) {
    if (!error || typeof error.code !== 'number' || typeof error.reason !== 'string') return error;
    if (error.code === 4403) {
      return { message: 'The gateway refused the subscription: check Authorization and Workspace-Id in the headers editor (WebSocket closed with 4403 Forbidden).' };
    }
    return { message: 'The subscription\\'s WebSocket closed with code ' + error.code + (error.reason ? ' (' + error.reason + ')' : '') + ' before the subscription completed.' };
  }

  // GraphiQL takes an observable as a subscription: each next() replaces the result pane, complete()
  // turns the stop button back into run, and its stop button calls unsubscribe().
  function observe(client, params) {
    return {
      subscribe: function (observer) {
        var dispose = client.subscribe(params, {
          next: function (result) { observer.next(result); },
          error: function (error) { observer.error(describeError(error)); },
          complete: function () { observer.complete(); },
        });
        return { unsubscribe: dispose };
      },
    };
  }

  function wrapFetcher(fetcher, endpoint) {
    var clientFor = createClientCache(socketUrl(endpoint));
    return function (graphQLParams, options) {
      if (!options || !isSubscription(options.documentAST, graphQLParams.operationName)) return fetcher(graphQLParams, options);
      var request = { query: graphQLParams.query, variables: graphQLParams.variables, operationName: graphQLParams.operationName };
      return observe(clientFor(connectionParams(options.headers)), request);
    };
  }

  window.gatewaySubscriptions = { wrapFetcher: wrapFetcher };
})();
`;
