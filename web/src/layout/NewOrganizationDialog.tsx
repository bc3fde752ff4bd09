import { useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client';
import { NewOrganizationDocument } from './new-organization.graphql';
import { Dialog } from '../components/Dialog';
import { Field } from '../components/Field';
import { ErrorMessage } from '../errors/ErrorMessage';
import { useOrganization } from '../session/OrganizationProvider';

export function NewOrganizationDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { openNew } = useOrganization();
  const [name, setName] = useState('');
  const [create, { loading, error, reset }] = useMutation(NewOrganizationDocument);
  const close = () => {
    setName('');
    reset();
    onClose();
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({ variables: { input: { name: name.trim() } } }).catch(() => null);
    const id = result?.data?.createOrganization.id;
    if (!id) return;
    close();
    await openNew(id);
  };
  return (
    <Dialog title="New organization" open={open} onClose={close}>
      <form onSubmit={submit} className="stack">
        <p className="muted">A separate stock, team and plan. You will be its owner.</p>
        <Field label="Organization name" value={name} onChange={(e) => setName(e.target.value)} required autoFocus />
        <ErrorMessage error={error} labels={{ name: 'Organization name' }} />
        <div className="row end">
          <button type="button" className="ghost" onClick={close}>Cancel</button>
          <button className="primary" disabled={loading}>Create organization</button>
        </div>
      </form>
    </Dialog>
  );
}
