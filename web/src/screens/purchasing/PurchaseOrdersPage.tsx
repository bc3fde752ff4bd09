import { Link, useSearchParams } from 'react-router';
import { NetworkStatus, useQuery } from '@apollo/client';
import { PurchaseOrdersDocument } from './purchasing.graphql';
import { PageHeader } from '../../components/PageHeader';
import { Loading } from '../../components/Loading';
import { StatusBadge } from '../../components/StatusBadge';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { formatDate, formatMoney, titleCase } from '../../components/format';
import { useCan } from '../../session/OrganizationProvider';
import type { PurchaseOrderStatus } from '../../gql/graphql';

const STATUSES: PurchaseOrderStatus[] = ['DRAFT', 'ORDERED', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CLOSED', 'CANCELLED'];

export function PurchaseOrdersPage() {
  const canAct = useCan('MEMBER');
  const [params, setParams] = useSearchParams();
  const status = STATUSES.find((s) => s === params.get('status'));
  const { data, loading, error, fetchMore, networkStatus } = useQuery(PurchaseOrdersDocument, {
    variables: { first: 30, filter: status ? { status } : {} },
    notifyOnNetworkStatusChange: true,
  });
  const connection = data?.purchaseOrders;
  return (
    <section className="page">
      <PageHeader
        title="Purchase orders"
        actions={
          <>
            <Link className="button" to="/purchasing/reorder">Reorder suggestions</Link>
            {canAct && <Link className="button primary" to="/purchasing/orders/new">New purchase order</Link>}
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
      {loading && !connection && <Loading label="Loading purchase orders" />}
      {connection && connection.edges.length === 0 && <p className="empty">No purchase orders{status ? ' with this status' : ' yet'}.</p>}
      {connection && connection.edges.length > 0 && (
        <table className="table responsive" aria-label="Purchase orders">
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Supplier</th>
              <th scope="col">Deliver to</th>
              <th scope="col">Status</th>
              <th scope="col">Expected</th>
              <th scope="col" className="num">Total</th>
            </tr>
          </thead>
          <tbody>
            {connection.edges.map(({ node }) => (
              <tr key={node.id}>
                <td data-label="Number"><Link className="strong" to={`/purchasing/orders/${node.id}`}>{node.number}</Link></td>
                <td data-label="Supplier">{node.supplier?.name ?? '—'}</td>
                <td data-label="Deliver to">{node.location?.name ?? '—'}</td>
                <td data-label="Status"><StatusBadge status={node.status} /></td>
                <td data-label="Expected">{formatDate(node.expectedAt)}</td>
                <td data-label="Total" className="num">{formatMoney(node.totalCost)}</td>
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
