import { useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client';
import { CreateLocationDocument } from './locations.graphql';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { evictRootFields } from '../../session/cacheEffects';

interface Props {
  open: boolean;
  onClose: () => void;
}

export function CreateLocationDialog({ open, onClose }: Props) {
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [create, { loading, error, reset }] = useMutation(CreateLocationDocument, {
    update: (cache) => evictRootFields(cache, ['locations']),
  });
  const close = () => {
    setName('');
    setAddress('');
    reset();
    onClose();
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({ variables: { input: { name: name.trim(), address: address.trim() || undefined } } }).catch(() => null);
    if (result?.data) close();
  };
  return (
    <Dialog title="New location" open={open} onClose={close}>
      <form onSubmit={submit} className="stack">
        <Field label="Name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Main warehouse" required autoFocus />
        <Field label="Address" value={address} onChange={(e) => setAddress(e.target.value)} />
        <ErrorMessage error={error} labels={{ name: 'Name' }} />
        <div className="row end">
          <button type="button" className="ghost" onClick={close}>Cancel</button>
          <button className="primary" disabled={loading}>{loading ? 'Creating…' : 'Create location'}</button>
        </div>
      </form>
    </Dialog>
  );
}
