import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation } from '@apollo/client';
import { RequestPasswordResetDocument } from './auth.graphql';
import { AuthLayout } from './AuthLayout';
import { Field } from '../../components/Field';
import { ErrorMessage } from '../../errors/ErrorMessage';

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [request, { loading, error, data }] = useMutation(RequestPasswordResetDocument);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void request({ variables: { email } }).catch(() => null);
  };
  return (
    <AuthLayout title="Reset your password" footer={<Link to="/login">Back to log in</Link>}>
      {data ? (
        <p role="status">If an account uses {email}, we have e-mailed it a link to choose a new password. The link works for one hour.</p>
      ) : (
        <form onSubmit={submit} className="stack">
          <p>Enter your e-mail address and we will send you a link to choose a new password.</p>
          <Field label="E-mail" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
          <ErrorMessage error={error} />
          <button className="primary" disabled={loading}>Send the link</button>
        </form>
      )}
    </AuthLayout>
  );
}
