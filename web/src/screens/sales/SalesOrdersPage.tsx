import { Link, useSearchParams } from 'react-router';
import { NetworkStatus, useQuery } from '@apollo/client';
import { SalesOrdersDocument } from './sales.graphql';
import { PageHeader } from '../../components/PageHeader';
import { Loading } from '../../components/Loading';
import { StatusBadge } from '../../components/StatusBadge';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { formatDate, formatMoney, titleCase } from '../../components/format';
import { useCan } from '../../session/OrganizationProvider';
import type { SalesOrderStatus } from '../../gql/graphql';

const STATUSES: SalesOrderStatus[] = ['DRAFT', 'CONFIRMED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'CANCELLED'];

export function SalesOrdersPage() {
  const canAct = useCan('MEMBER');
  const [params, setParams] = useSearchParams();
  const status = STATUSES.find((s) => s === params.get('status'));
  const { data, loading, error, fetchMore, networkStatus } = useQuery(SalesOrdersDocument, {
    variables: { first: 30, filter: status ? { status } : {} },
    notifyOnNetworkStatusChange: true,
  });
  const connection = data?.salesOrders;
  const currency = data?.organization.currency;
  return (
    <section className="page">
      <PageHeader
        title="Sales orders"
        actions={
          <>
            <Link className="button" to="/invoices">Invoices</Link>
            {canAct && <Link className="button primary" to="/sales/orders/new">New sales order</Link>}
          </>
        }
      />
      <div className="filters">
        <label className="field">
          <span>Status</span>
          <select value={status ?? ''} onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {}, { replace: true })}>
            <option value="">Any status</option>
            {STATUSES.map((s) => <option key={s} value={s}>{titleCase(s)}</option>)}
          </select>
        </label>
      </div>
      <ErrorMessage error={error} />
      {loading && !connection && <Loading label="Loading sales orders" />}
      {connection && connection.edges.length === 0 && <p className="empty">No sales orders{status ? ' with this status' : ' yet'}.</p>}
      {connection && connection.edges.length > 0 && (
        <table className="table responsive" aria-label="Sales orders">
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Customer</th>
              <th scope="col">Ships from</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col" className="num">Subtotal</th>
            </tr>
          </thead>
          <tbody>
            {connection.edges.map(({ node }) => (
              <tr key={node.id}>
                <td data-label="Number"><Link className="strong" to={`/sales/orders/${node.id}`}>{node.number}</Link></td>
                <td data-label="Customer">{node.customer?.name ?? '—'}</td>
                <td data-label="Ships from">{node.location?.name ?? '—'}</td>
                <td data-label="Status"><StatusBadge status={node.status} /></td>
                <td data-label="Created">{formatDate(node.createdAt)}</td>
                <td data-label="Subtotal" className="num">{formatMoney(node.subtotal, currency)}</td>
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
