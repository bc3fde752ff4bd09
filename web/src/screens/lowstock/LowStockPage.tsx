import { Link } from 'react-router';
import { useQuery } from '@apollo/client';
import { LowStockDocument } from './lowstock.graphql';
import { PageHeader } from '../../components/PageHeader';
import { Loading } from '../../components/Loading';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { formatDecimal } from '../../components/format';

export function LowStockPage() {
  const { data, loading, error } = useQuery(LowStockDocument, { fetchPolicy: 'cache-and-network' });
  return (
    <section className="page">
      <PageHeader title="Low stock" actions={<Link className="button" to="/purchasing/reorder">Reorder</Link>}>
        <p className="muted">Items at or below their safety stock, in total or at a location.</p>
      </PageHeader>
      <ErrorMessage error={error} />
      {loading && !data && <Loading label="Loading low stock" />}
      {data && data.lowStockItems.length === 0 && <p className="empty">Nothing is low. 🎉</p>}
      {data && data.lowStockItems.length > 0 && (
        <table className="table responsive" aria-label="Low stock items">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col" className="num">On hand</th>
              <th scope="col" className="num">Safety stock</th>
              <th scope="col" className="num">On order</th>
              <th scope="col">By location</th>
              <th scope="col">Supplier</th>
            </tr>
          </thead>
          <tbody>
            {data.lowStockItems.map((item) => (
              <tr key={item.id}>
                <td data-label="Item">
                  <Link className="strong" to={`/items/${item.id}`}>{item.name}</Link>
                  <div className="muted">{item.sku}</div>
                </td>
                <td data-label="On hand" className="num strong">{formatDecimal(item.quantity)} {item.unit}</td>
                <td data-label="Safety stock" className="num">{formatDecimal(item.safetyStock)}</td>
                <td data-label="On order" className="num">{formatDecimal(item.onOrder)}</td>
                <td data-label="By location">
                  {item.stockLevels.map((l) => `${l.location?.name ?? 'hidden'}: ${formatDecimal(l.quantity)}`).join(', ') || '—'}
                </td>
                <td data-label="Supplier">
                  {item.preferredSupplier?.name ?? '—'}{' '}
                  <Link to={`/purchasing/reorder?itemId=${item.id}`}>Reorder</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
