// Starts GraphiQL on /graphiql/index.html. It runs after react, react-dom and graphiql (all
// `defer`, so in order) and lives in its own file so that the page needs no inline script.
// Queries and mutations go to POST /graphql; subscriptions go over a WebSocket to /graphql/ws
// with the graphql-ws protocol (`graphql-transport-ws`), the client that graphiql bundles.
(function () {
  'use strict';

  var GRAPHQL_PATH = '/graphql';
  var SUBSCRIPTION_PATH = '/graphql/ws';

  // An absolute URL on this page's origin; ws: or wss: (following http: or https:) for sockets,
  // since the WebSocket client needs an absolute URL.
  function urlFor(path, websocket) {
    var url = new URL(path, window.location.href);
    if (websocket) {
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    }
    return url.toString();
  }

  // Send the session cookie (if any) with every request, as async-graphql's GraphiQL page does.
  function sameOriginFetch(input, init) {
    return window.fetch(input, Object.assign({}, init, { credentials: 'same-origin' }));
  }

  var fetcher = GraphiQL.createFetcher({
    url: urlFor(GRAPHQL_PATH, false),
    subscriptionUrl: urlFor(SUBSCRIPTION_PATH, true),
    fetch: sameOriginFetch,
  });

  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
    }),
  );
})();
