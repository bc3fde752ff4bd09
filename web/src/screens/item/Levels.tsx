import type { ItemPageQuery } from '../../gql/graphql';
import { formatDateTime, formatDecimal } from '../../components/format';

type Level = ItemPageQuery['item']['stockLevels'][number];

export function Levels({ levels }: { levels: Level[] }) {
  if (levels.length === 0) return <p className="muted">Not stocked anywhere yet.</p>;
  return (
    <table className="table responsive" aria-label="Stock by location">
      <thead>
        <tr>
          <th scope="col">Location</th>
          <th scope="col" className="num">On hand</th>
          <th scope="col" className="num">Reserved</th>
          <th scope="col" className="num">Available</th>
          <th scope="col" className="num">On order</th>
          <th scope="col">Updated</th>
        </tr>
      </thead>
      <tbody>
        {levels.map((level) => (
          <tr key={level.location?.id ?? 'hidden'}>
            <td data-label="Location" className="strong">{level.location?.name ?? 'Hidden location'}</td>
            <td data-label="On hand" className="num">{formatDecimal(level.quantity)}</td>
            <td data-label="Reserved" className="num">{formatDecimal(level.reserved)}</td>
            <td data-label="Available" className="num">{formatDecimal(level.available)}</td>
            <td data-label="On order" className="num">{formatDecimal(level.onOrder)}</td>
            <td data-label="Updated">{formatDateTime(level.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
