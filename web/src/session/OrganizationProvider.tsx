import { createContext, useCallback, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { useApolloClient, useQuery } from '@apollo/client';
import { MeDocument } from './session.graphql';
import { organization } from './organization';
import type { MeQuery, Role } from '../gql/graphql';
import { ErrorMessage } from '../errors/ErrorMessage';
import { Loading } from '../components/Loading';
import { NoOrganization } from './NoOrganization';

type Membership = MeQuery['me']['memberships'][number];

interface OrganizationApi {
  user: MeQuery['me']['user'];
  memberships: Membership[];
  current: Membership;
  role: Role;
  switchTo: (id: string) => Promise<void>;
  /** After joining or creating an organization: the memberships again, then that one. */
  openNew: (id: string) => Promise<void>;
}

const OrganizationContext = createContext<OrganizationApi | null>(null);

const RANK: Record<Role, number> = { VIEWER: 0, MEMBER: 1, ADMIN: 2, OWNER: 3 };

export function atLeast(role: Role, least: Role): boolean {
  return RANK[role] >= RANK[least];
}

export function OrganizationProvider({ children }: { children: ReactNode }) {
  const client = useApolloClient();
  const selected = useSyncExternalStore(organization.subscribe, organization.current);
  const { data, loading, error, refetch } = useQuery(MeDocument);
  const memberships = useMemo(() => data?.me.memberships ?? [], [data]);
  const current = memberships.find((m) => m.organization.id === selected) ?? memberships[0];

  useEffect(() => {
    if (current && current.organization.id !== selected) organization.select(current.organization.id);
  }, [current, selected]);

  const switchTo = useCallback(
    async (id: string) => {
      if (id === organization.current()) return;
      organization.select(id);
      // Nothing of the previous organization may stay on screen.
      await client.resetStore();
    },
    [client],
  );

  const openNew = useCallback(
    async (id: string) => {
      await refetch();
      await switchTo(id);
    },
    [refetch, switchTo],
  );

  const value = useMemo(
    () =>
      data && current
        ? { user: data.me.user, memberships, current, role: current.role, switchTo, openNew }
        : null,
    [data, current, memberships, switchTo, openNew],
  );

  if (loading && !data) return <Loading label="Loading your organizations" />;
  if (error && !data) return <main className="page narrow"><ErrorMessage error={error} /></main>;
  if (!data) return null;
  if (!current) return <NoOrganization onCreated={async (id) => { organization.select(id); await refetch(); }} />;
  if (!value || current.organization.id !== selected) return <Loading label="Opening organization" />;
  return <OrganizationContext.Provider value={value}>{children}</OrganizationContext.Provider>;
}

export function useOrganization(): OrganizationApi {
  const value = useContext(OrganizationContext);
  if (!value) throw new Error('useOrganization outside OrganizationProvider');
  return value;
}

export function useCan(least: Role): boolean {
  return atLeast(useOrganization().role, least);
}
