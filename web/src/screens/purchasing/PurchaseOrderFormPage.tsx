import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client';
import { CreatePurchaseOrderDocument, PurchaseOrderDocument, PurchaseOrderFormDataDocument, UpdatePurchaseOrderDocument } from './purchasing.graphql';
import { PageHeader } from '../../components/PageHeader';
import { Loading } from '../../components/Loading';
import { Field } from '../../components/Field';
import { OrderLines, optionalDecimal, type OrderLine } from '../../components/OrderLines';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { evictRootFields } from '../../session/cacheEffects';
import type { PurchaseOrderQuery } from '../../gql/graphql';

interface Values {
  supplierId: string;
  locationId: string;
  expectedOn: string;
  note: string;
  lines: OrderLine[];
}

const LABELS = { supplierId: 'Supplier', locationId: 'Deliver to', expectedAt: 'Expected', quantity: 'Quantity', unitCost: 'Unit cost' };

function valuesOf(order: PurchaseOrderQuery['purchaseOrder'] | undefined): Values {
  return {
    supplierId: order?.supplier?.id ?? '',
    locationId: order?.location?.id ?? '',
    expectedOn: order?.expectedAt?.slice(0, 10) ?? '',
    note: order?.note ?? '',
    lines: (order?.lines ?? []).flatMap((l) =>
      l.item ? [{ itemId: l.item.id, name: l.item.name, sku: l.item.sku, unit: l.item.unit, defaultAmount: l.unitCost, quantity: l.ordered, amount: l.unitCost, discountPercent: '', taxRateId: '' }] : [],
    ),
  };
}

/** `/purchasing/orders/new`, and `/purchasing/orders/:id/edit` for a DRAFT. */
export function PurchaseOrderFormPage() {
  const { id } = useParams();
  const existing = useQuery(PurchaseOrderDocument, { variables: { id: id ?? '' }, skip: !id });
  if (id && existing.loading && !existing.data) return <Loading label="Loading the purchase order" />;
  if (id && !existing.data) return <ErrorMessage error={existing.error} />;
  const order = existing.data?.purchaseOrder;
  if (order && order.status !== 'DRAFT') return <p className="error" role="alert">Only a draft can be changed; {order.number} is submitted.</p>;
  return <PurchaseOrderForm key={order?.id ?? 'new'} orderId={order?.id} number={order?.number} initial={valuesOf(order)} />;
}

function PurchaseOrderForm({ orderId, number, initial }: { orderId?: string; number?: string; initial: Values }) {
  const navigate = useNavigate();
  const [values, setValues] = useState(initial);
  const { data } = useQuery(PurchaseOrderFormDataDocument);
  const options = { update: (cache: Parameters<typeof evictRootFields>[0]) => evictRootFields(cache, ['purchaseOrders', 'reorderSuggestions']) };
  const [create, creating] = useMutation(CreatePurchaseOrderDocument, options);
  const [update, updating] = useMutation(UpdatePurchaseOrderDocument, options);
  const suppliers = data?.partners.filter((p) => p.kind !== 'CUSTOMER') ?? [];
  const supplierId = values.supplierId || suppliers[0]?.id || '';
  const locationId = values.locationId || data?.locations[0]?.id || '';
  const set = (key: 'supplierId' | 'locationId' | 'expectedOn' | 'note') => (event: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [key]: event.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const lines = values.lines.map((l) => ({ itemId: l.itemId, quantity: l.quantity.trim(), unitCost: optionalDecimal(l.amount) }));
    const expectedAt = values.expectedOn ? new Date(`${values.expectedOn}T12:00:00`).toISOString() : null;
    const note = values.note.trim() || null;
    if (orderId) {
      const done = await update({ variables: { input: { id: orderId, supplierId, locationId, expectedAt, note, lines } } }).catch(() => null);
      if (done?.data) navigate(`/purchasing/orders/${orderId}`);
    } else {
      const done = await create({ variables: { input: { supplierId, locationId, expectedAt, note, lines } } }).catch(() => null);
      if (done?.data) navigate(`/purchasing/orders/${done.data.createPurchaseOrder.id}`);
    }
  };

  const busy = creating.loading || updating.loading;
  return (
    <section className="page">
      <PageHeader title={number ? `Edit ${number}` : 'New purchase order'}>
        <p className="muted">A draft: nothing is on order until it is submitted.</p>
      </PageHeader>
      {data && suppliers.length === 0 && <p className="notice" role="status">Add a supplier on the Partners page first.</p>}
      <form onSubmit={submit} className="card stack">
        <div className="grid2">
          <label className="field">
            <span>Supplier</span>
            <select value={supplierId} onChange={set('supplierId')} required>
              {suppliers.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </label>
          <label className="field">
            <span>Deliver to</span>
            <select value={locationId} onChange={set('locationId')} required>
              {data?.locations.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
            </select>
          </label>
          <Field label="Expected" type="date" value={values.expectedOn} onChange={set('expectedOn')} />
          <Field label="Note" value={values.note} onChange={set('note')} />
        </div>
        <OrderLines kind="purchase" lines={values.lines} onChange={(lines) => setValues((v) => ({ ...v, lines }))} />
        <ErrorMessage error={creating.error ?? updating.error} labels={LABELS} />
        <div className="row end">
          <button type="button" className="ghost" onClick={() => navigate(-1)}>Cancel</button>
          <button className="primary" disabled={busy || values.lines.length === 0 || !supplierId || !locationId}>
            {orderId ? 'Save draft' : 'Create draft'}
          </button>
        </div>
      </form>
    </section>
  );
}
