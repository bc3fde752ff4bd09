import { useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client';
import { InviteMemberDocument } from './team.graphql';
import { ROLES } from './roles';
import { Field } from '../../components/Field';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { useOrganization } from '../../session/OrganizationProvider';
import type { Role } from '../../gql/graphql';

export function InviteForm() {
  const { role: myRole } = useOrganization();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('MEMBER');
  const [sent, setSent] = useState<string | null>(null);
  const [invite, { loading, error }] = useMutation(InviteMemberDocument, { refetchQueries: ['Invitations'] });
  const roles = ROLES.filter((r) => r.value !== 'OWNER' || myRole === 'OWNER');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSent(null);
    const result = await invite({ variables: { input: { email: email.trim(), role } } }).catch(() => null);
    if (result?.data) {
      setSent(result.data.inviteMember.email);
      setEmail('');
    }
  };

  return (
    <form onSubmit={submit} className="card stack" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite someone</h2>
      <div className="grid2">
        <Field label="E-mail address" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
        <label className="field">
          <span>Role</span>
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((r) => <option key={r.value} value={r.value}>{r.label} — {r.help}</option>)}
          </select>
        </label>
      </div>
      <ErrorMessage error={error} labels={{ email: 'E-mail address' }} />
      {sent && <p className="notice" role="status">Invitation sent to {sent}. The link works once, for 7 days.</p>}
      <div className="row end">
        <button className="primary" disabled={loading}>{loading ? 'Sending…' : 'Send invitation'}</button>
      </div>
    </form>
  );
}
