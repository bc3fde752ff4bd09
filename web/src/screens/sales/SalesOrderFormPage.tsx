import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client';
import { CreateSalesOrderDocument, SalesOrderDocument, SalesOrderFormDataDocument, UpdateSalesOrderDocument } from './sales.graphql';
import { PageHeader } from '../../components/PageHeader';
import { Loading } from '../../components/Loading';
import { Field } from '../../components/Field';
import { OrderLines, optionalDecimal, type OrderLine } from '../../components/OrderLines';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { evictRootFields } from '../../session/cacheEffects';
import type { SalesOrderQuery } from '../../gql/graphql';

interface Values {
  customerId: string;
  locationId: string;
  note: string;
  lines: OrderLine[];
}

const LABELS = { customerId: 'Customer', locationId: 'Ships from', quantity: 'Quantity', unitPrice: 'Unit price', discountPercent: 'Discount', taxRateId: 'Tax' };

function valuesOf(order: SalesOrderQuery['salesOrder'] | undefined): Values {
  return {
    customerId: order?.customer?.id ?? '',
    locationId: order?.location?.id ?? '',
    note: order?.note ?? '',
    lines: (order?.lines ?? []).flatMap((l) =>
      l.item
        ? [{
            itemId: l.item.id, name: l.item.name, sku: l.item.sku, unit: l.item.unit, defaultAmount: l.unitPrice, quantity: l.ordered,
            amount: l.unitPrice, discountPercent: Number(l.discountPercent) ? l.discountPercent : '', taxRateId: l.taxRate?.id ?? '',
          }]
        : [],
    ),
  };
}

/** `/sales/orders/new`, and `/sales/orders/:id/edit` for a DRAFT. */
export function SalesOrderFormPage() {
  const { id } = useParams();
  const existing = useQuery(SalesOrderDocument, { variables: { id: id ?? '' }, skip: !id });
  if (id && existing.loading && !existing.data) return <Loading label="Loading the sales order" />;
  if (id && !existing.data) return <ErrorMessage error={existing.error} />;
  const order = existing.data?.salesOrder;
  if (order && order.status !== 'DRAFT') return <p className="error" role="alert">Only a draft can be changed; {order.number} is confirmed.</p>;
  return <SalesOrderForm key={order?.id ?? 'new'} orderId={order?.id} number={order?.number} initial={valuesOf(order)} />;
}

function SalesOrderForm({ orderId, number, initial }: { orderId?: string; number?: string; initial: Values }) {
  const navigate = useNavigate();
  const [values, setValues] = useState(initial);
  const { data } = useQuery(SalesOrderFormDataDocument);
  const options = { update: (cache: Parameters<typeof evictRootFields>[0]) => evictRootFields(cache, ['salesOrders', 'salesOrder']) };
  const [create, creating] = useMutation(CreateSalesOrderDocument, options);
  const [update, updating] = useMutation(UpdateSalesOrderDocument, options);
  const customers = data?.partners.filter((p) => p.kind !== 'SUPPLIER') ?? [];
  const customerId = values.customerId || customers[0]?.id || '';
  const locationId = values.locationId || data?.locations[0]?.id || '';
  const set = (key: 'customerId' | 'locationId' | 'note') => (event: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [key]: event.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const lines = values.lines.map((l) => ({
      itemId: l.itemId,
      quantity: l.quantity.trim(),
      unitPrice: optionalDecimal(l.amount),
      discountPercent: optionalDecimal(l.discountPercent),
      taxRateId: l.taxRateId || undefined,
    }));
    const note = values.note.trim() || null;
    if (orderId) {
      const done = await update({ variables: { input: { id: orderId, customerId, locationId, note, lines } } }).catch(() => null);
      if (done?.data) navigate(`/sales/orders/${orderId}`);
    } else {
      const done = await create({ variables: { input: { customerId, locationId, note, lines } } }).catch(() => null);
      if (done?.data) navigate(`/sales/orders/${done.data.createSalesOrder.id}`);
    }
  };

  const busy = creating.loading || updating.loading;
  return (
    <section className="page">
      <PageHeader title={number ? `Edit ${number}` : 'New sales order'}>
        <p className="muted">A draft reserves nothing; confirming it reserves the stock.</p>
      </PageHeader>
      {data && customers.length === 0 && <p className="notice" role="status">Add a customer on the Partners page first.</p>}
      <form onSubmit={submit} className="card stack">
        <div className="grid2">
          <label className="field">
            <span>Customer</span>
            <select value={customerId} onChange={set('customerId')} required>
              {customers.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </label>
          <label className="field">
            <span>Ships from</span>
            <select value={locationId} onChange={set('locationId')} required>
              {data?.locations.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
            </select>
          </label>
        </div>
        <Field label="Note" value={values.note} onChange={set('note')} />
        <OrderLines kind="sales" lines={values.lines} taxRates={data?.taxRates} onChange={(lines) => setValues((v) => ({ ...v, lines }))} />
        <ErrorMessage error={creating.error ?? updating.error} labels={LABELS} />
        <div className="row end">
          <button type="button" className="ghost" onClick={() => navigate(-1)}>Cancel</button>
          <button className="primary" disabled={busy || values.lines.length === 0 || !customerId || !locationId}>
            {orderId ? 'Save draft' : 'Create draft'}
          </button>
        </div>
      </form>
    </section>
  );
}
