/**
 * The session's tokens. The access token lives in memory only; the refresh token lives in
 * localStorage, shared by the tabs of this origin. Refresh tokens rotate on use and a replayed
 * one ends the session, so exactly one tab refreshes at a time: under the Web Lock
 * `stockroom-refresh`, always with the token currently in localStorage, and the new pair is
 * handed to the other tabs over a BroadcastChannel.
 */
import { print } from 'graphql';
import type { RefreshSessionMutation } from '../gql/graphql';
import { RefreshSessionDocument } from './session.graphql';

const REFRESH_KEY = 'stockroom.refreshToken';
const CHANNEL_NAME = 'stockroom-session';
const LOCK_NAME = 'stockroom-refresh';
/** Refresh this long before the access token expires. */
const EARLY_MS = 30_000;

export type SessionStatus = 'unknown' | 'authenticated' | 'anonymous';

export interface NewSession {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
}

interface AccessToken {
  token: string;
  expiresAt: number;
}

type Message = { type: 'access'; access: AccessToken } | { type: 'logout' };

/** The refresh could not be done now (network, rate limit): the session may still hold. */
export class RefreshUnavailable extends Error {}

type RefreshResult = RefreshSessionMutation;

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

class SessionStore {
  private access: AccessToken | null = null;
  private status: SessionStatus;
  private inflight: Promise<string | null> | null = null;
  private renewal: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly tokenListeners = new Set<() => void>();
  private readonly channel: BroadcastChannel | null;

  constructor() {
    this.status = readRefreshToken() ? 'unknown' : 'anonymous';
    this.channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL_NAME);
    this.channel?.addEventListener('message', (event: MessageEvent<Message>) => this.receive(event.data));
    // A tab without BroadcastChannel still notices a log-out elsewhere.
    window.addEventListener('storage', (event) => {
      if (event.key === REFRESH_KEY && event.newValue === null && this.status !== 'anonymous') {
        this.clear(false);
      }
    });
  }

  getStatus = (): SessionStatus => this.status;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Called whenever the access token changes (refresh here or in another tab). */
  onToken(listener: () => void): () => void {
    this.tokenListeners.add(listener);
    return () => this.tokenListeners.delete(listener);
  }

  /** The token in memory, fresh or not (for comparisons only). */
  currentToken(): string | null {
    return this.access?.token ?? null;
  }

  /** A fresh access token, refreshed first when needed; null when logged out. */
  async accessToken(): Promise<string | null> {
    if (this.access && isFresh(this.access)) return this.access.token;
    if (this.status === 'anonymous') return null;
    return this.refresh();
  }

  /**
   * Gets a new access token, once for all tabs. `rejected` is a token the api refused:
   * a refresh that another tab finished meanwhile is reused unless it gave that token.
   */
  refresh(rejected?: string): Promise<string | null> {
    if (this.inflight) return this.inflight;
    const before = this.access?.token ?? null;
    this.inflight = withLock(async () => {
      const current = this.access;
      if (current && isFresh(current) && current.token !== before && current.token !== rejected) {
        return current.token;
      }
      const refreshToken = readRefreshToken();
      if (!refreshToken) {
        this.clear(false);
        return null;
      }
      const session = await exchange(refreshToken);
      if (!session) {
        this.clear(true);
        return null;
      }
      this.start(session);
      return session.accessToken;
    }).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /** After signUp, logIn, acceptInvitation, changePassword. */
  start(session: NewSession): void {
    localStorage.setItem(REFRESH_KEY, session.refreshToken);
    const access = { token: session.accessToken, expiresAt: Date.now() + session.expiresIn * 1000 };
    this.setAccess(access);
    this.channel?.postMessage({ type: 'access', access } satisfies Message);
  }

  /** The token the api refused over the WebSocket (4401): the next use refreshes. */
  expire(): void {
    if (this.access) this.access = { ...this.access, expiresAt: 0 };
  }

  /** Ends the session in every tab; the api is told by the caller (logOut mutation). */
  clear(broadcast = true): void {
    localStorage.removeItem(REFRESH_KEY);
    this.access = null;
    if (this.renewal) clearTimeout(this.renewal);
    this.renewal = null;
    if (broadcast) this.channel?.postMessage({ type: 'logout' } satisfies Message);
    this.setStatus('anonymous');
  }

  refreshTokenForLogOut(): string | null {
    return readRefreshToken();
  }

  private receive(message: Message): void {
    if (message.type === 'access') this.setAccess(message.access);
    else if (message.type === 'logout') this.clear(false);
  }

  private setAccess(access: AccessToken): void {
    this.access = access;
    this.scheduleRenewal(access);
    this.setStatus('authenticated');
    this.tokenListeners.forEach((listener) => listener());
  }

  /**
   * Renews the token before it expires, so the WebSocket moves to the new one before the api
   * closes it (4401 is final for graphql-ws). Every tab has a timer; whichever fires first
   * refreshes and the others receive its token. The jitter keeps them from queueing at once.
   */
  private scheduleRenewal(access: AccessToken): void {
    if (this.renewal) clearTimeout(this.renewal);
    const due = access.expiresAt - EARLY_MS - Date.now() + Math.random() * 5_000;
    this.renewal = setTimeout(() => {
      this.renewal = null;
      if (this.status === 'authenticated') this.accessToken().catch(() => undefined);
    }, Math.max(1_000, due));
  }

  private setStatus(status: SessionStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.listeners.forEach((listener) => listener());
  }
}

function isFresh(access: AccessToken): boolean {
  return access.expiresAt - EARLY_MS > Date.now();
}

function readRefreshToken(): string | null {
  try {
    return localStorage.getItem(REFRESH_KEY);
  } catch {
    return null;
  }
}

function withLock<T>(task: () => Promise<T>): Promise<T> {
  if (typeof navigator !== 'undefined' && navigator.locks) {
    return navigator.locks.request(LOCK_NAME, task) as Promise<T>;
  }
  return task();
}

/** The new session, or null when the refresh token no longer works (the session ended). */
async function exchange(refreshToken: string): Promise<NewSession | null> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        query: print(RefreshSessionDocument),
        operationName: 'RefreshSession',
        variables: { token: refreshToken },
      }),
    });
  } catch (error) {
    throw new RefreshUnavailable(error instanceof Error ? error.message : 'network error');
  }
  const body = (await response.json().catch(() => ({}))) as GraphQLResponse<RefreshResult>;
  const refreshed = body.data?.refreshToken;
  if (refreshed) return refreshed;
  const code = body.errors?.[0]?.extensions?.code;
  if (code === 'UNAUTHENTICATED') return null;
  throw new RefreshUnavailable(body.errors?.[0]?.message ?? `HTTP ${response.status}`);
}

export const session = new SessionStore();
