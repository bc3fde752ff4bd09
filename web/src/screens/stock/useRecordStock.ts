import { useRef, useState } from 'react';
import { useMutation } from '@apollo/client';
import { AdjustStockDocument, MoveStockDocument, StockInDocument, StockOutDocument } from './stock.graphql';
import { newIdempotencyKey } from '../../components/idempotency';
import { afterStockChange } from '../../session/cacheEffects';
import type { RecordedTransactionFragment } from '../../gql/graphql';
import type { StockKind } from './kinds';
import type { Line } from './StockLines';

export interface StockRequest {
  kind: StockKind;
  locationId: string;
  toLocationId: string;
  partnerId: string;
  note: string;
  lines: Line[];
}

/** Item totals come back in the answer; levels, history and figures are dropped from the cache. */
const update = (cache: Parameters<typeof afterStockChange>[0], result: { data?: Record<string, RecordedTransactionFragment> | null }) => {
  const recorded = Object.values(result.data ?? {})[0];
  afterStockChange(cache, recorded?.lines.flatMap((line) => (line.item ? [line.item.id] : [])) ?? []);
};

/**
 * Records a request with an idempotency key that stays the same while the request does:
 * sending it again after a lost answer records it once.
 */
export function useRecordStock() {
  const [stockIn] = useMutation(StockInDocument, { update });
  const [stockOut] = useMutation(StockOutDocument, { update });
  const [adjust] = useMutation(AdjustStockDocument, { update });
  const [move] = useMutation(MoveStockDocument, { update });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const key = useRef<{ signature: string; value: string } | null>(null);

  const record = async (request: StockRequest): Promise<RecordedTransactionFragment | null> => {
    const signature = JSON.stringify(request);
    if (key.current?.signature !== signature) key.current = { signature, value: newIdempotencyKey() };
    const idempotencyKey = key.current.value;
    const note = request.note.trim() || undefined;
    const partnerId = request.partnerId || undefined;
    const amount = (line: Line) => line.amount.trim() || undefined;
    setLoading(true);
    setError(null);
    try {
      let recorded: RecordedTransactionFragment | undefined;
      switch (request.kind) {
        case 'in': {
          const lines = request.lines.map((l) => ({ itemId: l.item.id, quantity: l.quantity.trim(), unitCost: amount(l) }));
          const result = await stockIn({ variables: { input: { locationId: request.locationId, partnerId, note, idempotencyKey, lines } } });
          recorded = result.data?.stockIn;
          break;
        }
        case 'out': {
          const lines = request.lines.map((l) => ({ itemId: l.item.id, quantity: l.quantity.trim(), unitPrice: amount(l) }));
          const result = await stockOut({ variables: { input: { locationId: request.locationId, partnerId, note, idempotencyKey, lines } } });
          recorded = result.data?.stockOut;
          break;
        }
        case 'count': {
          const lines = request.lines.map((l) => ({ itemId: l.item.id, countedQuantity: l.quantity.trim() }));
          const result = await adjust({ variables: { input: { locationId: request.locationId, note, idempotencyKey, lines } } });
          recorded = result.data?.adjustStock;
          break;
        }
        case 'move': {
          const lines = request.lines.map((l) => ({ itemId: l.item.id, quantity: l.quantity.trim() }));
          const result = await move({
            variables: { input: { fromLocationId: request.locationId, toLocationId: request.toLocationId, note, idempotencyKey, lines } },
          });
          recorded = result.data?.moveStock;
          break;
        }
      }
      key.current = null;
      return recorded ?? null;
    } catch (caught) {
      setError(caught);
      return null;
    } finally {
      setLoading(false);
    }
  };

  return { record, loading, error, clearError: () => setError(null) };
}
