import { useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../session/SessionProvider';
import { organization } from '../../session/organization';
import type { SessionFieldsFragment } from '../../gql/graphql';

/** Keeps the new tokens, opens the organization, and goes where the user was headed. */
export function useStartSession() {
  const { begin } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  return (payload: SessionFieldsFragment, organizationId?: string) => {
    const org = organizationId ?? payload.organization?.id ?? null;
    if (org) organization.select(org);
    begin(payload);
    const next = params.get('next');
    navigate(next && next.startsWith('/') ? next : '/items', { replace: true });
  };
}
