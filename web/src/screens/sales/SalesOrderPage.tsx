import { useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client';
import { CancelSalesOrderDocument, ConfirmSalesOrderDocument, CreateInvoiceDocument, SalesOrderDocument, ShipSalesOrderDocument } from './sales.graphql';
import { SalesOrderActivity } from './SalesOrderActivity';
import { ReturnDialog } from './ReturnDialog';
import { PageHeader } from '../../components/PageHeader';
import { Loading } from '../../components/Loading';
import { StatusBadge } from '../../components/StatusBadge';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { formatDateTime, formatDecimal, formatMoney } from '../../components/format';
import { newIdempotencyKey } from '../../components/idempotency';
import { useCan } from '../../session/OrganizationProvider';
import { afterStockChange, evictRootFields } from '../../session/cacheEffects';

export function SalesOrderPage() {
  const { id = '' } = useParams();
  const canAct = useCan('MEMBER');
  const { data, loading, error } = useQuery(SalesOrderDocument, { variables: { id } });
  const update = (cache: Parameters<typeof afterStockChange>[0]) => {
    afterStockChange(cache, data?.salesOrder.lines.flatMap((l) => (l.item ? [l.item.id] : [])) ?? []);
    evictRootFields(cache, ['salesOrders', 'salesOrder', 'items']);
  };
  const [confirm, confirming] = useMutation(ConfirmSalesOrderDocument, { update });
  const [cancel, cancelling] = useMutation(CancelSalesOrderDocument, { update });
  const [ship, shipping] = useMutation(ShipSalesOrderDocument, { update });
  const [invoice, invoicing] = useMutation(CreateInvoiceDocument, { update: (cache) => evictRootFields(cache, ['salesOrder', 'invoices']) });
  const shipmentKey = useRef(newIdempotencyKey());
  const [returning, setReturning] = useState(false);
  const navigate = useNavigate();

  if (loading && !data) return <Loading label="Loading the sales order" />;
  if (!data) return <ErrorMessage error={error} />;
  const order = data.salesOrder;
  const currency = data.organization.currency;
  const outstanding = order.lines.filter((l) => Number(l.outstanding) > 0);
  const shippable = order.status === 'CONFIRMED' || order.status === 'PARTIALLY_SHIPPED';
  const busy = confirming.loading || cancelling.loading || shipping.loading || invoicing.loading;
  // What the api bills: ordered (a cancelled order: shipped) less returned, less invoiced.
  const invoiceable = order.status !== 'DRAFT' && order.lines.some((l) =>
    Number(order.status === 'CANCELLED' ? l.shipped : l.ordered) - Number(l.returned) > Number(l.invoiced));
  const returnable = order.lines.some((l) => Number(l.shipped) > Number(l.returned));
  const createInvoice = async () => {
    const done = await invoice({ variables: { input: { salesOrderId: order.id } } }).catch(() => null);
    if (done?.data) navigate(`/invoices/${done.data.createInvoice.id}`);
  };

  const shipAll = async () => {
    const lines = outstanding.map((l) => ({ lineId: l.id, quantity: l.outstanding }));
    const done = await ship({ variables: { input: { salesOrderId: order.id, idempotencyKey: shipmentKey.current, lines } } }).catch(() => null);
    if (done) shipmentKey.current = newIdempotencyKey();
  };

  return (
    <section className="page">
      <PageHeader
        title={`Sales order ${order.number}`}
        actions={
          canAct && (
            <>
              {order.status === 'DRAFT' && <Link className="button" to={`/sales/orders/${order.id}/edit`}>Edit draft</Link>}
              {order.status === 'DRAFT' && (
                <button className="primary" disabled={busy} onClick={() => void confirm({ variables: { id: order.id } }).catch(() => null)}>
                  Confirm and reserve
                </button>
              )}
              {shippable && outstanding.length > 0 && (
                <button className="primary" disabled={busy} onClick={() => void shipAll()}>Ship everything outstanding</button>
              )}
              {invoiceable && <button className="primary" disabled={busy} onClick={() => void createInvoice()}>Create invoice</button>}
              {returnable && <button disabled={busy} onClick={() => setReturning(true)}>Record a return</button>}
              {(order.status === 'DRAFT' || order.status === 'CONFIRMED' || order.status === 'PARTIALLY_SHIPPED') && (
                <button className="ghost danger" disabled={busy} onClick={() => void cancel({ variables: { id: order.id } }).catch(() => null)}>Cancel order</button>
              )}
            </>
          )
        }
      >
        <p className="muted">
          <StatusBadge status={order.status} /> {order.customer?.name ?? 'Hidden customer'} · ships from {order.location?.name ?? 'a hidden location'}
        </p>
      </PageHeader>
      <ErrorMessage error={confirming.error ?? cancelling.error ?? shipping.error ?? invoicing.error} />
      <dl className="details card">
        <dt>Created</dt><dd>{formatDateTime(order.createdAt)}</dd>
        <dt>Confirmed</dt><dd>{formatDateTime(order.confirmedAt)}</dd>
        <dt>Subtotal</dt><dd className="strong">{formatMoney(order.subtotal, currency)}</dd>
        {order.note && (<><dt>Note</dt><dd>{order.note}</dd></>)}
      </dl>
      <table className="table responsive" aria-label="Lines">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" className="num">Ordered</th>
            <th scope="col" className="num">Shipped</th>
            <th scope="col" className="num">Returned</th>
            <th scope="col" className="num">Invoiced</th>
            <th scope="col" className="num">Price</th>
            <th scope="col" className="num">Net</th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line) => (
            <tr key={line.id}>
              <td data-label="Item">{line.item?.name ?? 'Hidden item'} <span className="muted">{line.item?.sku}</span></td>
              <td data-label="Ordered" className="num">{formatDecimal(line.ordered)}</td>
              <td data-label="Shipped" className="num">{formatDecimal(line.shipped)}</td>
              <td data-label="Returned" className="num">{formatDecimal(line.returned)}</td>
              <td data-label="Invoiced" className="num">{formatDecimal(line.invoiced)}</td>
              <td data-label="Price" className="num">
                {formatMoney(line.unitPrice)}
                {Number(line.discountPercent) > 0 && ` −${line.discountPercent}%`}
                {line.taxRate && ` · ${line.taxRate.name}`}
              </td>
              <td data-label="Net" className="num">{formatMoney(line.netAmount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <SalesOrderActivity order={order} />
      <ReturnDialog order={order} open={returning} onClose={() => setReturning(false)} />
    </section>
  );
}
