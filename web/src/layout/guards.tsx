import { Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from '../session/SessionProvider';
import { Loading } from '../components/Loading';

function Booting() {
  const { bootError, retryBoot } = useSession();
  if (!bootError) return <Loading label="Opening your session" />;
  return (
    <main className="page narrow">
      <p className="error" role="alert">Can't reach Stockroom. Check your connection and try again.</p>
      <button className="primary" onClick={retryBoot}>Try again</button>
    </main>
  );
}

/** Pages of a session: anonymous visitors go to log in, and come back after. */
export function RequireSession() {
  const { status } = useSession();
  const location = useLocation();
  if (status === 'unknown') return <Booting />;
  if (status === 'anonymous') {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}

/** Log-in and sign-up pages: a session goes on to the app. */
export function AnonymousOnly() {
  const { status } = useSession();
  const location = useLocation();
  if (status === 'unknown') return <Booting />;
  if (status === 'authenticated') {
    const next = new URLSearchParams(location.search).get('next');
    return <Navigate to={next && next.startsWith('/') ? next : '/items'} replace />;
  }
  return <Outlet />;
}
