import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMutation } from '@apollo/client';
import { LogInDocument } from './auth.graphql';
import { AuthLayout } from './AuthLayout';
import { Field } from '../../components/Field';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { useStartSession } from './useStartSession';

export function LogInPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [params] = useSearchParams();
  const [logIn, { loading, error }] = useMutation(LogInDocument);
  const start = useStartSession();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await logIn({ variables: { input: { email, password } } }).catch(() => null);
    if (result?.data) start(result.data.logIn);
  };

  return (
    <AuthLayout
      title="Log in"
      footer={
        <>
          New to Stockroom? <Link to={`/signup${params.size ? `?${params}` : ''}`}>Create an account</Link>
        </>
      }
    >
      <form onSubmit={submit} className="stack">
        <Field label="E-mail" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        <Field
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        <ErrorMessage error={error} />
        <button className="primary" disabled={loading}>
          {loading ? 'Logging in…' : 'Log in'}
        </button>
        <Link to="/forgot-password">Forgot your password?</Link>
      </form>
    </AuthLayout>
  );
}
