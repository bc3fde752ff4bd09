import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useApolloClient } from '@apollo/client';
import { session, type NewSession, type SessionStatus } from './tokens';
import { LogOutDocument } from './session.graphql';

interface SessionApi {
  status: SessionStatus;
  /** The first refresh failed for a reason other than an ended session (offline…). */
  bootError: string | null;
  retryBoot: () => void;
  begin: (started: NewSession) => void;
  logOut: () => Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useApolloClient();
  const status = useSyncExternalStore(session.subscribe, session.getStatus);
  const [bootError, setBootError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (status !== 'unknown') return;
    session.refresh().then(
      () => setBootError(null),
      (error: unknown) => setBootError(error instanceof Error ? error.message : 'network error'),
    );
  }, [status, attempt]);

  useEffect(() => {
    // Whatever this tab knew belongs to the session that ended.
    if (status === 'anonymous') void client.clearStore();
  }, [status, client]);

  const begin = useCallback((started: NewSession) => session.start(started), []);
  const logOut = useCallback(async () => {
    const refreshToken = session.refreshTokenForLogOut();
    if (refreshToken) {
      await client.mutate({ mutation: LogOutDocument, variables: { refreshToken } }).catch(() => undefined);
    }
    session.clear();
  }, [client]);

  const value = useMemo(
    () => ({ status, bootError, retryBoot: () => setAttempt((n) => n + 1), begin, logOut }),
    [status, bootError, begin, logOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
