import type { StockLineItemFragment } from '../../gql/graphql';
import { formatDecimal } from '../../components/format';
import type { StockKind } from './kinds';

export interface Line {
  item: StockLineItemFragment;
  quantity: string;
  /** Unit cost (in) or unit price (out); empty: the api's default. */
  amount: string;
}

interface Props {
  kind: StockKind;
  lines: Line[];
  shortItemId?: string;
  onChange: (index: number, line: Line) => void;
  onRemove: (index: number) => void;
}

export function StockLines({ kind, lines, shortItemId, onChange, onRemove }: Props) {
  if (lines.length === 0) {
    return <p className="empty">No lines yet: scan a barcode or search for an item.</p>;
  }
  const amountLabel = kind === 'in' ? 'Unit cost' : kind === 'out' ? 'Unit price' : null;
  const quantityLabel = kind === 'count' ? 'Counted quantity' : 'Quantity';
  return (
    <ul className="lines" aria-label="Lines">
      {lines.map((line, index) => (
        <li key={line.item.id} className={line.item.id === shortItemId ? 'line short' : 'line'}>
          <div className="line-item">
            <span className="strong">{line.item.name}</span>
            <span className="muted">
              {line.item.sku} · on hand {formatDecimal(line.item.quantity)} {line.item.unit}
            </span>
          </div>
          <label className="field compact">
            <span>{quantityLabel}</span>
            <input
              aria-label={`${quantityLabel} of ${line.item.name}`}
              inputMode="decimal"
              value={line.quantity}
              onChange={(e) => onChange(index, { ...line, quantity: e.target.value })}
              aria-invalid={line.item.id === shortItemId || undefined}
              required
            />
          </label>
          {amountLabel && (
            <label className="field compact">
              <span>{amountLabel}</span>
              <input
                aria-label={`${amountLabel} of ${line.item.name}`}
                inputMode="decimal"
                placeholder={kind === 'in' ? line.item.cost : line.item.price}
                value={line.amount}
                onChange={(e) => onChange(index, { ...line, amount: e.target.value })}
              />
            </label>
          )}
          <button type="button" className="icon" aria-label={`Remove ${line.item.name}`} onClick={() => onRemove(index)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
