import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation } from '@apollo/client';
import { SignUpDocument } from './auth.graphql';
import { AuthLayout } from './AuthLayout';
import { Field } from '../../components/Field';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { useStartSession } from './useStartSession';

const LABELS = { organizationName: 'Organization name', password: 'Password', email: 'E-mail', name: 'Your name' };

export function SignUpPage() {
  const [form, setForm] = useState({ name: '', email: '', password: '', organizationName: '' });
  const [signUp, { loading, error }] = useMutation(SignUpDocument);
  const start = useStartSession();
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: event.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await signUp({ variables: { input: form } }).catch(() => null);
    if (result?.data) start(result.data.signUp);
  };

  return (
    <AuthLayout title="Create your account" footer={<>Already have an account? <Link to="/login">Log in</Link></>}>
      <form onSubmit={submit} className="stack">
        <Field label="Your name" autoComplete="name" value={form.name} onChange={set('name')} required />
        <Field label="E-mail" type="email" autoComplete="email" value={form.email} onChange={set('email')} required />
        <Field
          label="Password"
          type="password"
          autoComplete="new-password"
          minLength={10}
          hint="At least 10 characters."
          value={form.password}
          onChange={set('password')}
          required
        />
        <Field label="Organization name" autoComplete="organization" value={form.organizationName} onChange={set('organizationName')} required />
        <ErrorMessage error={error} labels={LABELS} />
        <button className="primary" disabled={loading}>
          {loading ? 'Creating…' : 'Sign up'}
        </button>
      </form>
    </AuthLayout>
  );
}
