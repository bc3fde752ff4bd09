import { useState } from 'react';
import { useMutation } from '@apollo/client';
import { IssueInvoiceDocument, MarkInvoicePaidDocument, SendInvoiceDocument, VoidInvoiceDocument } from './invoices.graphql';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { useCan } from '../../session/OrganizationProvider';
import { evictRootFields } from '../../session/cacheEffects';
import type { InvoiceFieldsFragment } from '../../gql/graphql';

/** Issue, e-mail, mark paid (on a day) or void an invoice, as its status allows. */
export function InvoiceActions({ invoice }: { invoice: InvoiceFieldsFragment }) {
  const canAct = useCan('MEMBER');
  const isAdmin = useCan('ADMIN');
  const [paidOn, setPaidOn] = useState('');
  const refresh = { update: (cache: Parameters<typeof evictRootFields>[0]) => evictRootFields(cache, ['invoices', 'salesOrder']) };
  const [issue, issuing] = useMutation(IssueInvoiceDocument, refresh);
  const [markPaid, marking] = useMutation(MarkInvoicePaidDocument, refresh);
  const [send, sending] = useMutation(SendInvoiceDocument);
  const [voidIt, voiding] = useMutation(VoidInvoiceDocument, refresh);
  if (!canAct) return null;
  const id = invoice.id;
  const busy = issuing.loading || marking.loading || sending.loading || voiding.loading;
  const issued = invoice.status === 'ISSUED' || invoice.status === 'PAID';
  const paidAt = paidOn ? new Date(`${paidOn}T12:00:00`).toISOString() : undefined;
  return (
    <div className="stack">
      <div className="row">
        {invoice.status === 'DRAFT' && (
          <button className="primary" disabled={busy} onClick={() => void issue({ variables: { id } }).catch(() => null)}>Issue</button>
        )}
        {invoice.status === 'ISSUED' && invoice.kind === 'INVOICE' && (
          <>
            <label className="field compact">
              <span>Paid on</span>
              <input type="date" value={paidOn} onChange={(e) => setPaidOn(e.target.value)} aria-label="Paid on (today when empty)" />
            </label>
            <button className="primary" disabled={busy} onClick={() => void markPaid({ variables: { id, paidAt } }).catch(() => null)}>Mark paid</button>
          </>
        )}
        {issued && invoice.customer?.email && (
          <button disabled={busy} onClick={() => void send({ variables: { id, resend: Boolean(invoice.sentAt) } }).catch(() => null)}>
            {invoice.sentAt ? 'E-mail again' : `E-mail to ${invoice.customer.email}`}
          </button>
        )}
        {isAdmin && (invoice.status === 'DRAFT' || invoice.status === 'ISSUED') && (
          <button className="ghost danger" disabled={busy} onClick={() => void voidIt({ variables: { id } }).catch(() => null)}>Void</button>
        )}
      </div>
      {sending.data && <p className="notice" role="status">The e-mail goes out in a moment.</p>}
      <ErrorMessage error={issuing.error ?? marking.error ?? sending.error ?? voiding.error} labels={{ paidAt: 'Paid on' }} />
    </div>
  );
}
