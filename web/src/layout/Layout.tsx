import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router';
import { Loading } from '../components/Loading';
import { useOrganization, atLeast } from '../session/OrganizationProvider';
import { useSession } from '../session/SessionProvider';
import { OrganizationSwitcher } from './OrganizationSwitcher';
import { LiveIndicator } from './LiveIndicator';
import type { Role } from '../gql/graphql';

const LINKS: { to: string; label: string; least: Role; end?: boolean }[] = [
  { to: '/', label: 'Overview', least: 'VIEWER', end: true },
  { to: '/items', label: 'Items', least: 'VIEWER' },
  { to: '/stock', label: 'Record stock', least: 'MEMBER' },
  { to: '/low-stock', label: 'Low stock', least: 'VIEWER' },
  { to: '/locations', label: 'Locations', least: 'VIEWER' },
  { to: '/partners', label: 'Partners', least: 'VIEWER' },
  { to: '/purchasing/orders', label: 'Purchasing', least: 'VIEWER' },
  { to: '/sales/orders', label: 'Sales', least: 'VIEWER' },
  { to: '/invoices', label: 'Invoices', least: 'VIEWER' },
  { to: '/team', label: 'Team', least: 'VIEWER' },
  { to: '/settings/organization', label: 'Settings', least: 'VIEWER' },
  { to: '/settings/billing', label: 'Billing', least: 'VIEWER' },
  { to: '/settings/api-keys', label: 'API keys', least: 'ADMIN' },
  { to: '/settings/webhooks', label: 'Webhooks', least: 'ADMIN' },
  { to: '/settings/audit', label: 'Audit log', least: 'ADMIN' },
];

export function Layout() {
  const { user, role } = useOrganization();
  const { logOut } = useSession();
  return (
    <div className="shell">
      <a className="skip" href="#main">Skip to content</a>
      <header className="topbar">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true">▤</span>
          <span className="brand-name">Stockroom</span>
        </span>
        <OrganizationSwitcher />
        <LiveIndicator />
        <span className="user" title={user.email}>{user.name}</span>
        <button type="button" className="ghost" onClick={() => void logOut()}>Log out</button>
      </header>
      <nav className="nav" aria-label="Main">
        {LINKS.filter((link) => atLeast(role, link.least)).map((link) => (
          <NavLink key={link.to} to={link.to} end={link.end}>
            {link.label}
          </NavLink>
        ))}
      </nav>
      <main id="main" className="content">
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
