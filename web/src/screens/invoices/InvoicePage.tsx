import { Link, useParams } from 'react-router';
import { useQuery } from '@apollo/client';
import { InvoiceDocument } from './invoices.graphql';
import { InvoiceActions } from './InvoiceActions';
import { PageHeader } from '../../components/PageHeader';
import { Loading } from '../../components/Loading';
import { StatusBadge } from '../../components/StatusBadge';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { formatDate, formatDateTime, formatDecimal, formatMoney } from '../../components/format';

/** One invoice or credit note: its lines, taxes, payment, and the printable document. */
export function InvoicePage() {
  const { id = '' } = useParams();
  // The document links are signed for 15 minutes: fetched again on every visit.
  const { data, loading, error } = useQuery(InvoiceDocument, { variables: { id }, fetchPolicy: 'cache-and-network' });
  if (loading && !data) return <Loading label="Loading the invoice" />;
  if (!data) return <ErrorMessage error={error} />;
  const invoice = data.invoice;
  const money = (value: string | null | undefined) => formatMoney(value, invoice.currency);
  const title = `${invoice.kind === 'CREDIT_NOTE' ? 'Credit note' : 'Invoice'} ${invoice.number}`;
  return (
    <section className="page">
      <PageHeader
        title={title}
        actions={
          <>
            <a className="button" href={invoice.htmlUrl} target="_blank" rel="noreferrer">View document</a>
            <a className="button" href={invoice.pdfUrl} target="_blank" rel="noreferrer">Download PDF</a>
          </>
        }
      >
        <p className="muted">
          <StatusBadge status={invoice.status} /> {invoice.customer?.name ?? 'Hidden customer'}
          {invoice.salesOrder && <> · <Link to={`/sales/orders/${invoice.salesOrder.id}`}>{invoice.salesOrder.number}</Link></>}
          {invoice.creditsInvoice && <> · credits <Link to={`/invoices/${invoice.creditsInvoice.id}`}>{invoice.creditsInvoice.number}</Link></>}
        </p>
      </PageHeader>
      <InvoiceActions invoice={invoice} />
      <dl className="details card">
        <dt>Created</dt><dd>{formatDateTime(invoice.createdAt)}</dd>
        <dt>Issued</dt><dd>{formatDateTime(invoice.issuedAt)}</dd>
        <dt>Due</dt><dd>{formatDate(invoice.dueDate)}</dd>
        <dt>Paid</dt><dd>{invoice.paidAt ? `${formatDateTime(invoice.paidAt)} · ${money(invoice.amountPaid)}` : '—'}</dd>
        {invoice.sentAt && (<><dt>E-mailed</dt><dd>{formatDateTime(invoice.sentAt)}</dd></>)}
        {invoice.voidedAt && (<><dt>Voided</dt><dd>{formatDateTime(invoice.voidedAt)}</dd></>)}
        {invoice.note && (<><dt>Note</dt><dd>{invoice.note}</dd></>)}
      </dl>
      <table className="table responsive" aria-label="Invoice lines">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" className="num">Quantity</th>
            <th scope="col" className="num">Price</th>
            <th scope="col" className="num">Tax</th>
            <th scope="col" className="num">Net</th>
          </tr>
        </thead>
        <tbody>
          {invoice.lines.map((line) => (
            <tr key={line.id}>
              <td data-label="Item">{line.name} <span className="muted">{line.sku}</span></td>
              <td data-label="Quantity" className="num">{formatDecimal(line.quantity)}</td>
              <td data-label="Price" className="num">
                {formatMoney(line.unitPrice)}{Number(line.discountPercent) > 0 && ` −${line.discountPercent}%`}
              </td>
              <td data-label="Tax" className="num">{line.taxName ? `${line.taxName} ${line.taxPercent}%` : '—'}</td>
              <td data-label="Net" className="num">{formatMoney(line.netAmount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="details card totals" aria-label="Totals">
        <dt>Subtotal</dt><dd>{money(invoice.subtotal)}</dd>
        {invoice.taxes.map((tax) => (
          <div key={tax.name} style={{ display: 'contents' }}>
            <dt>{tax.name} {tax.percent}%</dt><dd>{money(tax.amount)}</dd>
          </div>
        ))}
        <dt className="strong">Total</dt><dd className="strong">{money(invoice.total)}</dd>
      </dl>
      {invoice.creditNotes.length > 0 && (
        <p>
          Credit notes:{' '}
          {invoice.creditNotes.map((note, i) => (
            <span key={note.id}>{i > 0 && ', '}<Link to={`/invoices/${note.id}`}>{note.number}</Link> <StatusBadge status={note.status} /></span>
          ))}
        </p>
      )}
    </section>
  );
}
