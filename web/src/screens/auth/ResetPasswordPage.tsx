import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMutation } from '@apollo/client';
import { ResetPasswordDocument } from './auth.graphql';
import { AuthLayout } from './AuthLayout';
import { Field } from '../../components/Field';
import { ErrorMessage } from '../../errors/ErrorMessage';

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [reset, { loading, error, data }] = useMutation(ResetPasswordDocument);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMismatch(password !== confirm);
    if (password !== confirm) return;
    void reset({ variables: { token, newPassword: password } }).catch(() => null);
  };

  if (!token) {
    return (
      <AuthLayout title="Reset your password">
        <p className="error" role="alert">This link has no token. Open the link from the e-mail again, or <Link to="/forgot-password">ask for a new one</Link>.</p>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Choose a new password" footer={<Link to="/login">Back to log in</Link>}>
      {data?.resetPassword ? (
        <p role="status">
          Your password is changed and every other session has ended. <Link to="/login">Log in</Link> with the new password.
        </p>
      ) : (
        <form onSubmit={submit} className="stack">
          <Field label="New password" type="password" autoComplete="new-password" minLength={10} value={password} onChange={(e) => setPassword(e.target.value)} required />
          <Field label="Repeat the new password" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} required />
          {mismatch && <p className="error" role="alert">The two passwords differ.</p>}
          <ErrorMessage error={error} labels={{ token: 'This link', newPassword: 'New password' }} />
          <button className="primary" disabled={loading}>Set the password</button>
        </form>
      )}
    </AuthLayout>
  );
}
