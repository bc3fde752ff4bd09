import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useApolloClient, useMutation } from '@apollo/client';
import { AcceptInvitationDocument } from './auth.graphql';
import { AuthLayout } from './AuthLayout';
import { Field } from '../../components/Field';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { useSession } from '../../session/SessionProvider';
import { organization } from '../../session/organization';

type Mode = 'new' | 'existing';

/** The link of an invitation e-mail: join as the logged-in user, log in, or sign up. */
export function AcceptInvitationPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { status, begin, logOut } = useSession();
  const client = useApolloClient();
  const navigate = useNavigate();
  const [mode, setMode] = useState<Mode>('new');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [accept, { loading, error }] = useMutation(AcceptInvitationDocument);

  const join = async (variables: { name?: string; password?: string }) => {
    const result = await accept({ variables: { token, ...variables } }).catch(() => null);
    const acceptance = result?.data?.acceptInvitation;
    if (!acceptance) return;
    organization.select(acceptance.organization.id);
    if (acceptance.session) begin(acceptance.session);
    else await client.resetStore();
    navigate('/items', { replace: true, state: { joined: acceptance.organization.name } });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void join(mode === 'new' ? { name, password } : { password });
  };

  if (!token) {
    return (
      <AuthLayout title="Join an organization">
        <p className="error" role="alert">This link has no token. Open the link from the invitation e-mail again.</p>
      </AuthLayout>
    );
  }

  if (status === 'authenticated') {
    return (
      <AuthLayout title="Join an organization">
        <p>You have been invited to an organization on Stockroom. Join it with the account you are logged in with?</p>
        <ErrorMessage error={error} labels={{ token: 'This invitation' }} />
        <div className="stack">
          <button className="primary" disabled={loading} onClick={() => void join({})}>Accept the invitation</button>
          <button className="link" onClick={() => void logOut()}>Log out to accept with another account</button>
        </div>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Join an organization">
      <p>You have been invited to an organization on Stockroom.</p>
      <div className="segmented" role="radiogroup" aria-label="Do you have an account?">
        <label>
          <input type="radio" name="mode" checked={mode === 'new'} onChange={() => setMode('new')} />
          I'm new to Stockroom
        </label>
        <label>
          <input type="radio" name="mode" checked={mode === 'existing'} onChange={() => setMode('existing')} />
          I have an account
        </label>
      </div>
      <form onSubmit={submit} className="stack">
        {mode === 'new' && <Field label="Your name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} required />}
        <Field
          label={mode === 'new' ? 'Choose a password' : 'Your password'}
          type="password"
          autoComplete={mode === 'new' ? 'new-password' : 'current-password'}
          minLength={mode === 'new' ? 10 : undefined}
          hint={mode === 'new' ? 'At least 10 characters.' : 'The password of the account the invitation was sent to.'}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        <ErrorMessage error={error} labels={{ token: 'This invitation', password: 'Password', name: 'Your name' }} />
        <button className="primary" disabled={loading}>{mode === 'new' ? 'Create account and join' : 'Log in and join'}</button>
        {mode === 'existing' && <Link to="/forgot-password">Forgot your password?</Link>}
      </form>
    </AuthLayout>
  );
}
