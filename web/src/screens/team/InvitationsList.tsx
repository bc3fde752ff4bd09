import { useMutation, useQuery } from '@apollo/client';
import { InvitationsDocument, RevokeInvitationDocument } from './team.graphql';
import { roleLabel } from './roles';
import { formatDateTime } from '../../components/format';
import { ErrorMessage } from '../../errors/ErrorMessage';

export function InvitationsList() {
  const { data, error } = useQuery(InvitationsDocument);
  const [revoke, revoking] = useMutation(RevokeInvitationDocument, { refetchQueries: ['Invitations'] });
  const invitations = data?.invitations ?? [];
  return (
    <section aria-labelledby="invitations-title" className="stack">
      <h2 id="invitations-title">Pending invitations</h2>
      <ErrorMessage error={error ?? revoking.error} />
      {data && invitations.length === 0 && <p className="muted">No pending invitations.</p>}
      {invitations.length > 0 && (
        <ul className="list" aria-label="Pending invitations">
          {invitations.map((invitation) => (
            <li key={invitation.id} className="list-row">
              <div>
                <div className="strong">{invitation.email}</div>
                <div className="muted">
                  {roleLabel(invitation.role)} · {invitation.mailedAt ? `mailed ${formatDateTime(invitation.mailedAt)}` : 'sending…'} · expires{' '}
                  {formatDateTime(invitation.expiresAt)}
                </div>
              </div>
              <button className="ghost" onClick={() => void revoke({ variables: { id: invitation.id } }).catch(() => null)}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
