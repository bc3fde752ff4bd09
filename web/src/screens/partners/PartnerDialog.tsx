import { useEffect, useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client';
import { CreatePartnerDocument, UpdatePartnerDocument } from './partners.graphql';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { evictRootFields } from '../../session/cacheEffects';
import type { PartnerFieldsFragment, PartnerInput, PartnerKind } from '../../gql/graphql';

const EMPTY = { name: '', kind: 'SUPPLIER' as PartnerKind, email: '', phone: '', address: '', notes: '' };
const LABELS = { name: 'Name', email: 'E-mail', phone: 'Phone', address: 'Address' };

interface Props {
  /** Null: a new partner; otherwise the one to edit. */
  partner: PartnerFieldsFragment | null;
  open: boolean;
  onClose: () => void;
}

/** Create or edit a supplier or customer. */
export function PartnerDialog({ partner, open, onClose }: Props) {
  const [form, setForm] = useState(EMPTY);
  const options = { update: (cache: Parameters<typeof evictRootFields>[0]) => evictRootFields(cache, ['partners']) };
  const [create, creating] = useMutation(CreatePartnerDocument, options);
  const [update, updating] = useMutation(UpdatePartnerDocument, options);
  useEffect(() => {
    if (!open) return;
    setForm(partner ? { ...EMPTY, ...nonNull(partner), kind: partner.kind } : EMPTY);
    creating.reset();
    updating.reset();
  }, [open, partner]);

  const set = (key: keyof typeof EMPTY) => (event: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: event.target.value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // `updatePartner` replaces every field: an emptied one is cleared.
    const input: PartnerInput = {
      name: form.name.trim(),
      kind: form.kind,
      email: form.email.trim() || null,
      phone: form.phone.trim() || null,
      address: form.address.trim() || null,
      notes: form.notes.trim() || null,
    };
    const done = partner
      ? await update({ variables: { id: partner.id, input } }).catch(() => null)
      : await create({ variables: { input } }).catch(() => null);
    if (done?.data) onClose();
  };
  const busy = creating.loading || updating.loading;
  return (
    <Dialog title={partner ? `Edit ${partner.name}` : 'New partner'} open={open} onClose={onClose}>
      <form onSubmit={submit} className="stack">
        <div className="grid2">
          <Field label="Name" value={form.name} onChange={set('name')} required autoFocus />
          <label className="field">
            <span>Kind</span>
            <select value={form.kind} onChange={set('kind')}>
              <option value="SUPPLIER">Supplier</option>
              <option value="CUSTOMER">Customer</option>
              <option value="BOTH">Supplier and customer</option>
            </select>
          </label>
          <Field label="E-mail" type="email" value={form.email} onChange={set('email')} />
          <Field label="Phone" type="tel" value={form.phone} onChange={set('phone')} />
        </div>
        <label className="field">
          <span>Address</span>
          <textarea value={form.address} onChange={set('address')} rows={2} />
        </label>
        <label className="field">
          <span>Notes</span>
          <textarea value={form.notes} onChange={set('notes')} rows={2} />
        </label>
        <ErrorMessage error={creating.error ?? updating.error} labels={LABELS} />
        <div className="row end">
          <button type="button" className="ghost" onClick={onClose}>Cancel</button>
          <button className="primary" disabled={busy}>{partner ? 'Save partner' : 'Create partner'}</button>
        </div>
      </form>
    </Dialog>
  );
}

function nonNull(partner: PartnerFieldsFragment) {
  return { name: partner.name, email: partner.email ?? '', phone: partner.phone ?? '', address: partner.address ?? '', notes: partner.notes ?? '' };
}
