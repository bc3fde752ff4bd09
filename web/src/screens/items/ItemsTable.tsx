import { Link } from 'react-router';
import type { ItemsQuery } from '../../gql/graphql';
import { formatDecimal } from '../../components/format';

type Item = ItemsQuery['items']['edges'][number]['node'];

export function isLow(item: { quantity: string; safetyStock: string }): boolean {
  const safety = Number(item.safetyStock);
  return safety > 0 && Number(item.quantity) <= safety;
}

export function ItemsTable({ items }: { items: Item[] }) {
  return (
    <table className="table responsive">
      <thead>
        <tr>
          <th scope="col">Item</th>
          <th scope="col">Barcode</th>
          <th scope="col">Category</th>
          <th scope="col" className="num">On hand</th>
          <th scope="col" className="num">Available</th>
          <th scope="col" className="num">Safety stock</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id} className={isLow(item) ? 'low' : undefined}>
            <td data-label="Item">
              <Link to={`/items/${item.id}`} className="strong">{item.name}</Link>
              <div className="muted">{item.sku}{isLow(item) && <span className="badge warn">Low</span>}</div>
            </td>
            <td data-label="Barcode" className="mono">{item.barcode ?? '—'}</td>
            <td data-label="Category">{item.category?.name ?? '—'}</td>
            <td data-label="On hand" className="num strong">{formatDecimal(item.quantity)}</td>
            <td data-label="Available" className="num">{formatDecimal(item.available)}</td>
            <td data-label="Safety stock" className="num">{formatDecimal(item.safetyStock)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
