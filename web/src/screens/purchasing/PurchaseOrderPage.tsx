import { useRef } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client';
import {
  CancelPurchaseOrderDocument,
  ClosePurchaseOrderDocument,
  PurchaseOrderDocument,
  ReceivePurchaseOrderDocument,
  SubmitPurchaseOrderDocument,
} from './purchasing.graphql';
import { PageHeader } from '../../components/PageHeader';
import { Loading } from '../../components/Loading';
import { StatusBadge } from '../../components/StatusBadge';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { formatDate, formatDateTime, formatDecimal, formatMoney } from '../../components/format';
import { newIdempotencyKey } from '../../components/idempotency';
import { useCan } from '../../session/OrganizationProvider';
import { afterStockChange, evictRootFields } from '../../session/cacheEffects';

export function PurchaseOrderPage() {
  const { id = '' } = useParams();
  const canAct = useCan('MEMBER');
  const isAdmin = useCan('ADMIN');
  const { data, loading, error } = useQuery(PurchaseOrderDocument, { variables: { id } });
  const [submit, submitting] = useMutation(SubmitPurchaseOrderDocument, { update: (cache) => evictRootFields(cache, ['purchaseOrders', 'reorderSuggestions']) });
  const [cancel, cancelling] = useMutation(CancelPurchaseOrderDocument, { update: (cache) => evictRootFields(cache, ['purchaseOrders', 'reorderSuggestions']) });
  const [close, closing] = useMutation(ClosePurchaseOrderDocument, { update: (cache) => evictRootFields(cache, ['purchaseOrders', 'reorderSuggestions']) });
  const [receive, receiving] = useMutation(ReceivePurchaseOrderDocument, {
    update: (cache) => {
      afterStockChange(cache, data?.purchaseOrder.lines.flatMap((l) => (l.item ? [l.item.id] : [])) ?? []);
      evictRootFields(cache, ['purchaseOrders', 'purchaseOrder', 'items']);
    },
  });
  const receiptKey = useRef(newIdempotencyKey());

  if (loading && !data) return <Loading label="Loading the purchase order" />;
  if (!data) return <ErrorMessage error={error} />;
  const order = data.purchaseOrder;
  const currency = data.organization.currency;
  const outstanding = order.lines.filter((l) => Number(l.outstanding) > 0);
  const receivable = order.status === 'ORDERED' || order.status === 'PARTIALLY_RECEIVED';
  const busy = submitting.loading || cancelling.loading || closing.loading || receiving.loading;

  const receiveAll = async () => {
    const lines = outstanding.map((l) => ({ lineId: l.id, quantity: l.outstanding }));
    const done = await receive({ variables: { input: { purchaseOrderId: order.id, idempotencyKey: receiptKey.current, lines } } }).catch(() => null);
    if (done) receiptKey.current = newIdempotencyKey();
  };

  return (
    <section className="page">
      <PageHeader
        title={`Purchase order ${order.number}`}
        actions={
          canAct && (
            <>
              {order.status === 'DRAFT' && <Link className="button" to={`/purchasing/orders/${order.id}/edit`}>Edit draft</Link>}
              {order.status === 'DRAFT' && (
                <button className="primary" disabled={busy} onClick={() => void submit({ variables: { id: order.id, emailSupplier: Boolean(order.supplier?.email) } }).catch(() => null)}>
                  {order.supplier?.email ? 'Submit and e-mail supplier' : 'Submit'}
                </button>
              )}
              {receivable && outstanding.length > 0 && (
                <button className="primary" disabled={busy} onClick={() => void receiveAll()}>Receive everything outstanding</button>
              )}
              {isAdmin && (order.status === 'DRAFT' || order.status === 'ORDERED') && (
                <button className="ghost danger" disabled={busy} onClick={() => void cancel({ variables: { id: order.id } }).catch(() => null)}>Cancel order</button>
              )}
              {isAdmin && order.status === 'PARTIALLY_RECEIVED' && (
                <button className="ghost" disabled={busy} onClick={() => void close({ variables: { id: order.id } }).catch(() => null)}>Close: nothing more to come</button>
              )}
            </>
          )
        }
      >
        <p className="muted">
          <StatusBadge status={order.status} /> {order.supplier?.name ?? 'Hidden supplier'} → {order.location?.name ?? 'hidden location'}
        </p>
      </PageHeader>
      <ErrorMessage error={submitting.error ?? cancelling.error ?? closing.error ?? receiving.error} />
      <dl className="details card">
        <dt>Created</dt><dd>{formatDateTime(order.createdAt)}</dd>
        <dt>Submitted</dt><dd>{formatDateTime(order.submittedAt)}</dd>
        <dt>Expected</dt><dd>{formatDate(order.expectedAt)}</dd>
        <dt>Total</dt><dd className="strong">{formatMoney(order.totalCost, currency)}</dd>
        {order.note && (<><dt>Note</dt><dd>{order.note}</dd></>)}
      </dl>
      <table className="table responsive" aria-label="Lines">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" className="num">Ordered</th>
            <th scope="col" className="num">Received</th>
            <th scope="col" className="num">Outstanding</th>
            <th scope="col" className="num">Unit cost</th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line) => (
            <tr key={line.id}>
              <td data-label="Item">{line.item?.name ?? 'Hidden item'} <span className="muted">{line.item?.sku}</span></td>
              <td data-label="Ordered" className="num">{formatDecimal(line.ordered)}</td>
              <td data-label="Received" className="num">{formatDecimal(line.received)}</td>
              <td data-label="Outstanding" className="num">{formatDecimal(line.outstanding)}</td>
              <td data-label="Unit cost" className="num">{formatMoney(line.unitCost)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section className="stack" aria-labelledby="receipts-title">
        <h2 id="receipts-title">Receipts</h2>
        {order.receipts.length === 0 ? (
          <p className="muted">Nothing received yet.</p>
        ) : (
          <ul className="list">
            {order.receipts.map((receipt) => (
              <li key={receipt.id} className="list-row">
                <span>{formatDateTime(receipt.occurredAt)}</span>
                <span className="muted">{receipt.lines.map((l) => `${formatDecimal(l.quantity)} × ${l.item?.name ?? 'item'}`).join(', ')}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
