import { ItemPicker } from '../screens/stock/ItemPicker';
import { formatDecimal } from './format';

/** One line of a purchase or sales order being written; empty texts: the api's defaults. */
export interface OrderLine {
  itemId: string;
  name: string;
  sku: string;
  unit: string;
  /** The item's cost (purchase) or price (sales): the placeholder of `amount`. */
  defaultAmount: string;
  quantity: string;
  amount: string;
  discountPercent: string;
  taxRateId: string;
}

interface Props {
  kind: 'purchase' | 'sales';
  lines: OrderLine[];
  onChange: (lines: OrderLine[]) => void;
  taxRates?: { id: string; name: string; percent: string }[];
}

/** The lines of an order form: add items by name or SKU, then quantities and prices. */
export function OrderLines({ kind, lines, onChange, taxRates = [] }: Props) {
  const amountLabel = kind === 'purchase' ? 'Unit cost' : 'Unit price';
  const change = (index: number, patch: Partial<OrderLine>) => onChange(lines.map((l, i) => (i === index ? { ...l, ...patch } : l)));
  return (
    <fieldset className="stack">
      <legend className="strong">Lines</legend>
      {lines.length === 0 ? (
        <p className="empty">No lines yet: find an item to add it.</p>
      ) : (
        <ul className="lines" aria-label="Order lines">
          {lines.map((line, index) => (
            <li key={line.itemId} className="line">
              <div className="line-item">
                <span className="strong">{line.name}</span>
                <span className="muted">{line.sku} · {line.unit}</span>
              </div>
              <label className="field compact">
                <span>Quantity</span>
                <input aria-label={`Quantity of ${line.name}`} inputMode="decimal" value={line.quantity} required
                  onChange={(e) => change(index, { quantity: e.target.value })} />
              </label>
              <label className="field compact">
                <span>{amountLabel}</span>
                <input aria-label={`${amountLabel} of ${line.name}`} inputMode="decimal" value={line.amount}
                  placeholder={formatDecimal(line.defaultAmount)} onChange={(e) => change(index, { amount: e.target.value })} />
              </label>
              {kind === 'sales' && (
                <>
                  <label className="field compact">
                    <span>Discount %</span>
                    <input aria-label={`Discount of ${line.name}`} inputMode="decimal" value={line.discountPercent} placeholder="0"
                      onChange={(e) => change(index, { discountPercent: e.target.value })} />
                  </label>
                  <label className="field compact">
                    <span>Tax</span>
                    <select aria-label={`Tax rate of ${line.name}`} value={line.taxRateId} onChange={(e) => change(index, { taxRateId: e.target.value })}>
                      <option value="">None</option>
                      {taxRates.map((rate) => <option key={rate.id} value={rate.id}>{rate.name} ({rate.percent}%)</option>)}
                    </select>
                  </label>
                </>
              )}
              <button type="button" className="icon" aria-label={`Remove ${line.name}`} onClick={() => onChange(lines.filter((_, i) => i !== index))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <ItemPicker
        onPick={(item) => {
          if (lines.some((l) => l.itemId === item.id)) return;
          const amount = kind === 'purchase' ? item.cost : item.price;
          onChange([...lines, { itemId: item.id, name: item.name, sku: item.sku, unit: item.unit, defaultAmount: amount, quantity: '1', amount: '', discountPercent: '', taxRateId: '' }]);
        }}
      />
    </fieldset>
  );
}

/** The text of an optional decimal input: trimmed, or undefined for the api's default. */
export function optionalDecimal(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed ? trimmed : undefined;
}
