import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client';
import { MembersDocument, RemoveMemberDocument, UpdateMemberRoleDocument } from './team.graphql';
import { ROLES, roleLabel } from './roles';
import { LocationScopeDialog } from './LocationScopeDialog';
import { Loading } from '../../components/Loading';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { useOrganization } from '../../session/OrganizationProvider';
import type { MembersQuery, Role } from '../../gql/graphql';

type Member = MembersQuery['members'][number];

export function MembersList() {
  const { user, role: myRole } = useOrganization();
  const isAdmin = myRole === 'ADMIN' || myRole === 'OWNER';
  const { data, loading, error } = useQuery(MembersDocument);
  const [updateRole, updating] = useMutation(UpdateMemberRoleDocument, { refetchQueries: ['Members'] });
  const [remove, removing] = useMutation(RemoveMemberDocument, { refetchQueries: ['Members'] });
  const [scoping, setScoping] = useState<Member | null>(null);

  const canManage = (member: Member) =>
    isAdmin && member.user.id !== user.id && (member.role !== 'OWNER' || myRole === 'OWNER');

  return (
    <section aria-labelledby="members-title" className="stack">
      <h2 id="members-title">Members</h2>
      <ErrorMessage error={error ?? updating.error ?? removing.error} />
      {loading && !data && <Loading label="Loading members" />}
      <ul className="list" aria-label="Members">
        {data?.members.map((member) => (
          <li key={member.user.id} className="list-row">
            <div>
              <div className="strong">{member.user.name}{member.user.id === user.id && ' (you)'}</div>
              <div className="muted">
                {member.user.email} · {member.locations.length ? `only at ${member.locations.map((l) => l.name).join(', ')}` : 'all locations'}
              </div>
            </div>
            <div className="row">
              {canManage(member) ? (
                <>
                  <label className="field compact">
                    <span className="visually-hidden">Role of {member.user.name}</span>
                    <select
                      value={member.role}
                      onChange={(e) => void updateRole({ variables: { input: { userId: member.user.id, role: e.target.value as Role } } }).catch(() => null)}
                    >
                      {ROLES.filter((r) => r.value !== 'OWNER' || myRole === 'OWNER').map((r) => (
                        <option key={r.value} value={r.value}>{r.label}</option>
                      ))}
                    </select>
                  </label>
                  {(member.role === 'MEMBER' || member.role === 'VIEWER') && (
                    <button className="ghost" onClick={() => setScoping(member)}>Locations</button>
                  )}
                  <button
                    className="ghost danger"
                    onClick={() => {
                      if (window.confirm(`Remove ${member.user.name} from the organization?`)) {
                        void remove({ variables: { userId: member.user.id } }).catch(() => null);
                      }
                    }}
                  >
                    Remove
                  </button>
                </>
              ) : (
                <span className="badge">{roleLabel(member.role)}</span>
              )}
            </div>
          </li>
        ))}
      </ul>
      {scoping && data && <LocationScopeDialog member={scoping} locations={data.locations} onClose={() => setScoping(null)} />}
    </section>
  );
}
