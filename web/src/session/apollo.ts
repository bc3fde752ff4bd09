import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, Observable, split } from '@apollo/client';
import { setContext } from '@apollo/client/link/context';
import { onError } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition, relayStylePagination } from '@apollo/client/utilities';
import type { FetchResult } from '@apollo/client';
import { session } from './tokens';
import { organization } from './organization';
import { createWsClient } from './ws';

interface AuthContext {
  headers?: Record<string, string>;
  retried?: boolean;
}

/** Authorization and X-Organization-Id on every request, the token refreshed first if due. */
const authLink = setContext(async (_, context: AuthContext) => {
  const token = await session.accessToken();
  const org = organization.current();
  return {
    headers: {
      ...context.headers,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(org ? { 'x-organization-id': org } : {}),
    },
  };
});

/** A token the api refused (expired early, secret rotated): refresh once and try again. */
const retryLink = onError(({ graphQLErrors, operation, forward }) => {
  const context = operation.getContext() as AuthContext;
  const sent = context.headers?.authorization?.replace(/^Bearer /, '');
  const refused = graphQLErrors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
  if (!refused || !sent || context.retried) return;
  return new Observable<FetchResult>((observer) => {
    let inner: { unsubscribe: () => void } | null = null;
    session
      .refresh(sent)
      .then((token) => {
        if (!token) {
          observer.error(new Error('Your session has ended. Please log in again.'));
          return;
        }
        operation.setContext({ retried: true, headers: { ...context.headers, authorization: `Bearer ${token}` } });
        inner = forward(operation).subscribe(observer);
      })
      .catch((error: unknown) => observer.error(error));
    return () => inner?.unsubscribe();
  });
});

export function createApolloClient() {
  const ws = createWsClient();
  const http = new HttpLink({ uri: '/graphql', headers: { accept: 'application/json' } });
  const transport = split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
    },
    new GraphQLWsLink(ws.client),
    ApolloLink.from([retryLink, authLink, http]),
  );
  const client = new ApolloClient({
    link: transport,
    cache: new InMemoryCache({
      typePolicies: {
        Query: {
          fields: {
            items: relayStylePagination(['filter', 'orderBy']),
            stockTransactions: relayStylePagination(['filter']),
            purchaseOrders: relayStylePagination(['filter']),
            salesOrders: relayStylePagination(['filter']),
            invoices: relayStylePagination(['filter']),
            auditLog: relayStylePagination(['filter']),
            webhookDeliveries: relayStylePagination(['endpointId', 'filter']),
          },
        },
        Organization: { fields: { usage: { merge: true }, limits: { merge: true } } },
      },
    }),
    defaultOptions: {
      watchQuery: { errorPolicy: 'none' },
    },
  });
  // Changes made while the socket was down were not delivered: read the screen again.
  ws.onReconnect(() => void client.refetchQueries({ include: 'active' }));
  return client;
}
