/**
 * The graphql-ws client. Credentials travel once, in `connection_init`
 * (`{ authorization, organizationId }`), so the socket is closed and opened again
 * (subscriptions resume by themselves) whenever the organization or the token changes.
 * The api closes a socket with 4401 when its token expires: the next connection refreshes.
 */
import { createClient, type Client } from 'graphql-ws';
import { session } from './tokens';
import { organization } from './organization';

/** Our own close code for "reconnect with new credentials". */
const RESTART = 4205;

export interface RestartableClient {
  client: Client;
  /** Called when a connection is made again: events may have been missed meanwhile. */
  onReconnect: (listener: () => void) => void;
  dispose: () => void;
}

function socketUrl(): string {
  const url = new URL('/graphql/ws', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

export function createWsClient(): RestartableClient {
  let socket: WebSocket | null = null;
  let sentToken: string | null = null;
  let sentOrganization: string | null = null;
  let reconnected: (() => void) | null = null;

  const client = createClient({
    url: socketUrl,
    lazy: true,
    retryAttempts: 30,
    shouldRetry: () => true,
    connectionParams: async () => {
      const token = await session.accessToken();
      sentToken = token;
      sentOrganization = organization.current();
      return {
        authorization: token ? `Bearer ${token}` : '',
        organizationId: sentOrganization,
      };
    },
    on: {
      opened: (opened) => {
        socket = opened as WebSocket;
      },
      connected: (_socket, _payload, wasRetry) => {
        if (wasRetry) reconnected?.();
      },
      closed: (event) => {
        socket = null;
        if ((event as CloseEvent | undefined)?.code === 4401) session.expire();
      },
    },
  });

  const restartIfStale = () => {
    // Deferred: a refresh made for this very connection is in use by then.
    setTimeout(() => {
      const stale = sentToken !== session.currentToken() || sentOrganization !== organization.current();
      if (stale && socket?.readyState === WebSocket.OPEN) socket.close(RESTART, 'Client Restart');
    }, 0);
  };
  const offToken = session.onToken(restartIfStale);
  const offOrganization = organization.subscribe(restartIfStale);

  return {
    client,
    onReconnect: (listener) => {
      reconnected = listener;
    },
    dispose: () => {
      offToken();
      offOrganization();
      void client.dispose();
    },
  };
}
