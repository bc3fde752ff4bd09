import { useRef, useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client';
import { ReturnSalesOrderDocument } from './sales.graphql';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { formatDecimal } from '../../components/format';
import { newIdempotencyKey } from '../../components/idempotency';
import { afterStockChange, evictRootFields } from '../../session/cacheEffects';
import type { SalesOrderQuery } from '../../gql/graphql';

type Order = SalesOrderQuery['salesOrder'];

/** Goods a customer sent back: per line how many, and whether they go back into stock. */
export function ReturnDialog({ order, open, onClose }: { order: Order; open: boolean; onClose: () => void }) {
  const returnable = order.lines.filter((l) => Number(l.shipped) > Number(l.returned));
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [restock, setRestock] = useState<Record<string, boolean>>({});
  const [note, setNote] = useState('');
  const key = useRef(newIdempotencyKey());
  const [record, { loading, error, reset }] = useMutation(ReturnSalesOrderDocument, {
    update: (cache) => {
      afterStockChange(cache, order.lines.flatMap((l) => (l.item ? [l.item.id] : [])));
      evictRootFields(cache, ['salesOrder', 'salesOrders', 'invoices', 'items']);
    },
  });
  const close = () => {
    setQuantities({});
    setNote('');
    reset();
    onClose();
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const lines = returnable
      .filter((l) => Number(quantities[l.id]) > 0)
      .map((l) => ({ lineId: l.id, quantity: (quantities[l.id] ?? '').trim(), restock: restock[l.id] ?? true }));
    const done = await record({ variables: { input: { salesOrderId: order.id, idempotencyKey: key.current, note: note.trim() || undefined, lines } } }).catch(() => null);
    if (done?.data) {
      key.current = newIdempotencyKey();
      close();
    }
  };
  return (
    <Dialog title="Record a return" open={open} onClose={close}>
      <form onSubmit={submit} className="stack">
        <ul className="lines" aria-label="Returned lines">
          {returnable.map((line) => {
            const name = line.item?.name ?? 'Hidden item';
            return (
              <li key={line.id} className="line">
                <div className="line-item">
                  <span className="strong">{name}</span>
                  <span className="muted">shipped {formatDecimal(line.shipped)}, returned {formatDecimal(line.returned)}</span>
                </div>
                <label className="field compact">
                  <span>Returned</span>
                  <input aria-label={`Returned quantity of ${name}`} inputMode="decimal" placeholder="0" value={quantities[line.id] ?? ''}
                    onChange={(e) => setQuantities((q) => ({ ...q, [line.id]: e.target.value }))} />
                </label>
                <label className="check">
                  <input type="checkbox" checked={restock[line.id] ?? true} onChange={(e) => setRestock((r) => ({ ...r, [line.id]: e.target.checked }))} />
                  Back into stock
                </label>
              </li>
            );
          })}
        </ul>
        <Field label="Note" value={note} onChange={(e) => setNote(e.target.value)} placeholder="Damaged in transit" />
        <p className="muted">Invoiced goods get a credit note for what comes back.</p>
        <ErrorMessage error={error} labels={{ quantity: 'Returned' }} />
        <div className="row end">
          <button type="button" className="ghost" onClick={close}>Cancel</button>
          <button className="primary" disabled={loading || !returnable.some((l) => Number(quantities[l.id]) > 0)}>Record return</button>
        </div>
      </form>
    </Dialog>
  );
}
