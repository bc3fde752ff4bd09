import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@apollo/client';
import { ApiKeysDocument, CreateApiKeyDocument, ReissueApiKeyDocument, RevokeApiKeyDocument } from './access.graphql';
import { SecretNotice } from './SecretNotice';
import { PageHeader } from '../../components/PageHeader';
import { Loading } from '../../components/Loading';
import { Field } from '../../components/Field';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { formatDate, formatDateTime, titleCase } from '../../components/format';
import { useOrganization, atLeast } from '../../session/OrganizationProvider';
import { evictRootFields } from '../../session/cacheEffects';
import type { Role } from '../../gql/graphql';

const ROLES: Role[] = ['VIEWER', 'MEMBER', 'ADMIN'];

/** Keys for scripts and integrations: the key is shown once; revoke or reissue later. */
export function ApiKeysPage() {
  const { role: myRole } = useOrganization();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('MEMBER');
  const [expiresOn, setExpiresOn] = useState('');
  const { data, loading, error } = useQuery(ApiKeysDocument);
  const refresh = { update: (cache: Parameters<typeof evictRootFields>[0]) => evictRootFields(cache, ['apiKeys']) };
  const [create, creating] = useMutation(CreateApiKeyDocument, refresh);
  const [reissue, reissuing] = useMutation(ReissueApiKeyDocument, refresh);
  const [revoke, revoking] = useMutation(RevokeApiKeyDocument);
  const secret = creating.data?.createApiKey ?? reissuing.data?.reissueApiKey;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    reissuing.reset();
    const expiresAt = expiresOn ? new Date(`${expiresOn}T23:59:59`).toISOString() : undefined;
    const done = await create({ variables: { input: { name: name.trim(), role, expiresAt } } }).catch(() => null);
    if (done?.data) setName('');
  };
  const renew = (id: string) => {
    creating.reset();
    void reissue({ variables: { input: { id } } }).catch(() => null);
  };

  return (
    <section className="page">
      <PageHeader title="API keys">
        <p className="muted">Send a key as <code className="mono">Authorization: Bearer …</code>; it acts as the member who made it, at most with its role.</p>
      </PageHeader>
      <form onSubmit={submit} className="card stack" aria-labelledby="new-key-title">
        <h2 id="new-key-title">New API key</h2>
        <div className="grid2">
          <Field label="Key name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Shop sync" required />
          <label className="field">
            <span>Role</span>
            <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.filter((r) => atLeast(myRole, r)).map((r) => <option key={r} value={r}>{titleCase(r)}</option>)}
            </select>
          </label>
          <Field label="Expires" type="date" value={expiresOn} onChange={(e) => setExpiresOn(e.target.value)} hint="Empty: never." />
        </div>
        <ErrorMessage error={creating.error} labels={{ name: 'Key name', expiresAt: 'Expires' }} />
        {secret && <SecretNotice noun="API key" secret={secret.key} />}
        <div className="row end">
          <button className="primary" disabled={creating.loading}>Create key</button>
        </div>
      </form>
      <ErrorMessage error={error ?? revoking.error ?? reissuing.error} />
      {loading && !data && <Loading label="Loading API keys" />}
      {data && data.apiKeys.length === 0 && <p className="empty">No API keys yet.</p>}
      {data && data.apiKeys.length > 0 && (
        <table className="table responsive" aria-label="API keys">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Made by</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {data.apiKeys.map((key) => (
              <tr key={key.id}>
                <td data-label="Name" className="strong">
                  {key.name} {key.revokedAt && <span className="badge">Revoked</span>}
                  <div className="muted">created {formatDateTime(key.createdAt)}</div>
                </td>
                <td data-label="Role">{titleCase(key.role)}</td>
                <td data-label="Made by">{key.createdBy ? `${key.createdBy.name}${key.createdBy.role ? '' : ' (left)'}` : '—'}</td>
                <td data-label="Last used">{formatDateTime(key.lastUsedAt)}</td>
                <td data-label="Expires">{key.expiresAt ? formatDate(key.expiresAt) : 'never'}</td>
                <td className="actions-cell">
                  <span className="row end">
                    <button className="ghost" aria-label={`Reissue ${key.name}`} disabled={reissuing.loading} onClick={() => renew(key.id)}>Reissue</button>
                    {!key.revokedAt && (
                      <button className="ghost danger" aria-label={`Revoke ${key.name}`} onClick={() => void revoke({ variables: { id: key.id } }).catch(() => null)}>Revoke</button>
                    )}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
