import { useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client';
import { graphql } from '../gql';
import { ErrorMessage } from '../errors/ErrorMessage';
import { useSession } from './SessionProvider';

const CreateOrganizationDocument = graphql(`
  mutation CreateOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) {
      id
      name
    }
  }
`);

/** A user who left or was removed from every organization starts a new one here. */
export function NoOrganization({ onCreated }: { onCreated: (id: string) => Promise<void> }) {
  const { logOut } = useSession();
  const [name, setName] = useState('');
  const [create, { loading, error }] = useMutation(CreateOrganizationDocument);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({ variables: { input: { name } } }).catch(() => null);
    const id = result?.data?.createOrganization.id;
    if (id) await onCreated(id);
  };
  return (
    <main className="page narrow">
      <h1>No organization yet</h1>
      <p>You are not a member of any organization. Create one, or ask a colleague to invite you.</p>
      <form onSubmit={submit} className="stack">
        <label className="field">
          <span>Organization name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <ErrorMessage error={error} />
        <button className="primary" disabled={loading}>Create organization</button>
        <button type="button" className="link" onClick={() => void logOut()}>Log out</button>
      </form>
    </main>
  );
}
