import { Link, useSearchParams } from 'react-router';
import { NetworkStatus, useQuery } from '@apollo/client';
import { InvoicesDocument } from './invoices.graphql';
import { PageHeader } from '../../components/PageHeader';
import { Loading } from '../../components/Loading';
import { StatusBadge } from '../../components/StatusBadge';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { formatDate, formatMoney, titleCase } from '../../components/format';
import type { InvoiceKind, InvoiceStatus } from '../../gql/graphql';

const STATUSES: InvoiceStatus[] = ['DRAFT', 'ISSUED', 'PAID', 'VOID'];
const KINDS: InvoiceKind[] = ['INVOICE', 'CREDIT_NOTE'];

/** Invoices and credit notes, newest first, by status and kind. */
export function InvoicesPage() {
  const [params, setParams] = useSearchParams();
  const status = STATUSES.find((s) => s === params.get('status'));
  const kind = KINDS.find((k) => k === params.get('kind'));
  const { data, loading, error, fetchMore, networkStatus } = useQuery(InvoicesDocument, {
    variables: { first: 30, filter: { status, kind } },
    notifyOnNetworkStatusChange: true,
  });
  const choose = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const connection = data?.invoices;
  return (
    <section className="page">
      <PageHeader title="Invoices">
        <p className="muted">Made from sales orders; credit notes come from returns.</p>
      </PageHeader>
      <div className="filters">
        <label className="field">
          <span>Status</span>
          <select value={status ?? ''} onChange={(e) => choose('status', e.target.value)}>
            <option value="">Any status</option>
            {STATUSES.map((s) => <option key={s} value={s}>{titleCase(s)}</option>)}
          </select>
        </label>
        <label className="field">
          <span>Kind</span>
          <select value={kind ?? ''} onChange={(e) => choose('kind', e.target.value)}>
            <option value="">Invoices and credit notes</option>
            {KINDS.map((k) => <option key={k} value={k}>{titleCase(k)}s</option>)}
          </select>
        </label>
      </div>
      <ErrorMessage error={error} />
      {loading && !connection && <Loading label="Loading invoices" />}
      {connection && connection.edges.length === 0 && <p className="empty">No invoices{status || kind ? ' match' : ' yet: create one from a confirmed sales order'}.</p>}
      {connection && connection.edges.length > 0 && (
        <table className="table responsive" aria-label="Invoices">
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Customer</th>
              <th scope="col">Order</th>
              <th scope="col">Status</th>
              <th scope="col">Due</th>
              <th scope="col" className="num">Total</th>
            </tr>
          </thead>
          <tbody>
            {connection.edges.map(({ node }) => (
              <tr key={node.id}>
                <td data-label="Number">
                  <Link className="strong" to={`/invoices/${node.id}`}>{node.number}</Link>
                  {node.kind === 'CREDIT_NOTE' && <span className="badge">Credit note</span>}
                </td>
                <td data-label="Customer">{node.customer?.name ?? '—'}</td>
                <td data-label="Order">{node.salesOrder ? <Link to={`/sales/orders/${node.salesOrder.id}`}>{node.salesOrder.number}</Link> : '—'}</td>
                <td data-label="Status"><StatusBadge status={node.status} /></td>
                <td data-label="Due">{formatDate(node.dueDate)}</td>
                <td data-label="Total" className="num">{formatMoney(node.total, node.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {connection?.pageInfo.hasNextPage && (
        <button
          className="ghost wide"
          disabled={networkStatus === NetworkStatus.fetchMore}
          onClick={() => void fetchMore({ variables: { after: connection.pageInfo.endCursor } })}
        >
          Load more
        </button>
      )}
    </section>
  );
}
