import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMutation } from '@apollo/client';
import { VerifyEmailDocument } from './auth.graphql';
import { AuthLayout } from './AuthLayout';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { Loading } from '../../components/Loading';

export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [verify, { data, error }] = useMutation(VerifyEmailDocument);
  const sent = useRef(false);

  useEffect(() => {
    // A token works once: never send it twice (React runs effects twice in development).
    if (!token || sent.current) return;
    sent.current = true;
    void verify({ variables: { token } }).catch(() => null);
  }, [token, verify]);

  return (
    <AuthLayout title="Confirm your e-mail" footer={<Link to="/items">Go to Stockroom</Link>}>
      {!token && <p className="error" role="alert">This link has no token. Open the link from the e-mail again.</p>}
      {token && !data && !error && <Loading label="Confirming" />}
      {data && <p role="status">Thank you: {data.verifyEmail.email} is confirmed.</p>}
      <ErrorMessage error={error} labels={{ token: 'This link' }} />
    </AuthLayout>
  );
}
