import { useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client';
import { UpdateOrganizationDocument } from './organization.graphql';
import { Field } from '../../components/Field';
import { ErrorMessage } from '../../errors/ErrorMessage';
import type { OrganizationSettingsFragment } from '../../gql/graphql';

const LABELS = {
  name: 'Name', currency: 'Currency', paymentTermsDays: 'Payment terms', address: 'Address', logoUrl: 'Logo URL',
  purchaseOrderPrefix: 'Purchase order prefix', salesOrderPrefix: 'Sales order prefix', invoicePrefix: 'Invoice prefix',
  creditNotePrefix: 'Credit note prefix', reorderCoverDays: 'Reorder cover days', digestTime: 'Digest time', timeZone: 'Time zone',
};

type Text = Omit<OrganizationSettingsFragment, '__typename' | 'id' | 'allowNegativeStock' | 'allowOverReceipt' | 'paymentTermsDays' | 'reorderCoverDays'>;

function formOf(org: OrganizationSettingsFragment) {
  return {
    name: org.name, currency: org.currency, address: org.address ?? '', logoUrl: org.logoUrl ?? '',
    purchaseOrderPrefix: org.purchaseOrderPrefix, salesOrderPrefix: org.salesOrderPrefix, invoicePrefix: org.invoicePrefix,
    creditNotePrefix: org.creditNotePrefix, digestTime: org.digestTime, timeZone: org.timeZone,
    paymentTermsDays: String(org.paymentTermsDays), reorderCoverDays: String(org.reorderCoverDays),
    allowNegativeStock: org.allowNegativeStock, allowOverReceipt: org.allowOverReceipt,
  };
}

/** The organization's name, invoicing and numbering, and stock rules. Admins change them. */
export function OrganizationForm({ organization, canEdit }: { organization: OrganizationSettingsFragment; canEdit: boolean }) {
  const [form, setForm] = useState(() => formOf(organization));
  const [update, { data, loading, error }] = useMutation(UpdateOrganizationDocument);
  const text = (key: keyof Text | 'paymentTermsDays' | 'reorderCoverDays') => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value })),
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await update({
      variables: {
        input: {
          ...form,
          name: form.name.trim(),
          currency: form.currency.trim().toUpperCase(),
          address: form.address.trim() || null,
          logoUrl: form.logoUrl.trim() || null,
          paymentTermsDays: Number(form.paymentTermsDays),
          reorderCoverDays: Number(form.reorderCoverDays),
        },
      },
    }).catch(() => null);
  };
  return (
    <form onSubmit={submit} className="stack">
      <fieldset className="card stack" disabled={!canEdit}>
        <legend className="visually-hidden">Organization</legend>
        <h2>Organization and invoices</h2>
        <div className="grid2">
          <Field label="Name" {...text('name')} required />
          <Field label="Currency" {...text('currency')} maxLength={3} hint="ISO 4217, e.g. EUR: new invoices use it." required />
          <Field label="Payment terms (days)" type="number" min={0} max={365} {...text('paymentTermsDays')} required />
          <Field label="Logo URL" type="url" {...text('logoUrl')} placeholder="https://…" />
        </div>
        <label className="field">
          <span>Address</span>
          <textarea rows={3} {...text('address')} />
          <small className="hint">Printed on invoices.</small>
        </label>
      </fieldset>
      <fieldset className="card stack" disabled={!canEdit}>
        <legend className="visually-hidden">Numbering</legend>
        <h2>Numbering</h2>
        <div className="grid2">
          <Field label="Purchase order prefix" {...text('purchaseOrderPrefix')} maxLength={10} required />
          <Field label="Sales order prefix" {...text('salesOrderPrefix')} maxLength={10} required />
          <Field label="Invoice prefix" {...text('invoicePrefix')} maxLength={10} required />
          <Field label="Credit note prefix" {...text('creditNotePrefix')} maxLength={10} required />
        </div>
      </fieldset>
      <fieldset className="card stack" disabled={!canEdit}>
        <legend className="visually-hidden">Stock rules</legend>
        <h2>Stock and alerts</h2>
        <div className="grid2">
          <Field label="Reorder cover days" type="number" min={0} max={365} {...text('reorderCoverDays')} hint="Sales a suggestion covers beyond the lead time." required />
          <Field label="Digest time" type="time" {...text('digestTime')} hint="The daily low-stock e-mail." required />
          <Field label="Time zone" {...text('timeZone')} placeholder="Europe/Berlin" required />
        </div>
        <label className="check">
          <input type="checkbox" checked={form.allowNegativeStock} onChange={(e) => setForm((f) => ({ ...f, allowNegativeStock: e.target.checked }))} />
          Allow stock to go below zero
        </label>
        <label className="check">
          <input type="checkbox" checked={form.allowOverReceipt} onChange={(e) => setForm((f) => ({ ...f, allowOverReceipt: e.target.checked }))} />
          Allow receiving more than a purchase order line ordered
        </label>
      </fieldset>
      <ErrorMessage error={error} labels={LABELS} />
      {data && !loading && <p className="notice" role="status">Settings saved.</p>}
      {canEdit && (
        <div className="row end">
          <button className="primary" disabled={loading}>{loading ? 'Saving…' : 'Save settings'}</button>
        </div>
      )}
    </form>
  );
}
