import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from '@apollo/client';
import { EditItemDataDocument, UpdateItemDocument } from './item.graphql';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { evictRootFields } from '../../session/cacheEffects';
import type { ItemPageQuery, UpdateItemInput } from '../../gql/graphql';

type Item = ItemPageQuery['item'];

const LABELS = {
  sku: 'SKU', name: 'Name', barcode: 'Barcode', unit: 'Unit', cost: 'Cost', price: 'Price', safetyStock: 'Safety stock',
  leadTimeDays: 'Lead time', reorderPoint: 'Reorder point', reorderQuantity: 'Reorder quantity', imageUrl: 'Image URL',
};

function formOf(item: Item) {
  return {
    sku: item.sku, name: item.name, barcode: item.barcode ?? '', unit: item.unit, cost: item.cost, price: item.price,
    safetyStock: item.safetyStock, categoryId: item.category?.id ?? '', preferredSupplierId: item.preferredSupplier?.id ?? '',
    leadTimeDays: item.leadTimeDays?.toString() ?? '', reorderPoint: item.reorderPoint ?? '', reorderQuantity: item.reorderQuantity ?? '',
    imageUrl: item.imageUrl ?? '', description: item.description ?? '',
  };
}

/** Every field of `updateItem` but the custom attributes; an emptied optional field is cleared. */
export function EditItemDialog({ item, open, onClose }: { item: Item; open: boolean; onClose: () => void }) {
  const [form, setForm] = useState(() => formOf(item));
  const { data } = useQuery(EditItemDataDocument, { skip: !open });
  const [update, { loading, error, reset }] = useMutation(UpdateItemDocument, {
    update: (cache) => evictRootFields(cache, ['items', 'lowStockItems', 'reorderSuggestions', 'inventorySummary']),
  });
  const set = (key: keyof ReturnType<typeof formOf>) => (event: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: event.target.value }));
  const close = () => {
    setForm(formOf(item));
    reset();
    onClose();
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const orNull = (value: string) => value.trim() || null;
    const input: UpdateItemInput = {
      sku: form.sku.trim(), name: form.name.trim(), unit: form.unit.trim() || undefined,
      cost: form.cost.trim() || undefined, price: form.price.trim() || undefined, safetyStock: form.safetyStock.trim() || undefined,
      barcode: orNull(form.barcode), categoryId: orNull(form.categoryId), preferredSupplierId: orNull(form.preferredSupplierId),
      leadTimeDays: form.leadTimeDays.trim() ? Number(form.leadTimeDays) : null,
      reorderPoint: orNull(form.reorderPoint), reorderQuantity: orNull(form.reorderQuantity),
      imageUrl: orNull(form.imageUrl), description: orNull(form.description),
    };
    const done = await update({ variables: { id: item.id, input } }).catch(() => null);
    if (done?.data) onClose();
  };
  const suppliers = data?.partners.filter((p) => p.kind !== 'CUSTOMER') ?? [];
  return (
    <Dialog title={`Edit ${item.name}`} open={open} onClose={close}>
      <form onSubmit={submit} className="stack">
        <div className="grid2">
          <Field label="SKU" value={form.sku} onChange={set('sku')} required />
          <Field label="Name" value={form.name} onChange={set('name')} required />
          <Field label="Barcode" value={form.barcode} onChange={set('barcode')} inputMode="numeric" />
          <Field label="Unit" value={form.unit} onChange={set('unit')} />
          <Field label="Cost" value={form.cost} onChange={set('cost')} inputMode="decimal" />
          <Field label="Price" value={form.price} onChange={set('price')} inputMode="decimal" />
          <label className="field">
            <span>Category</span>
            <select value={form.categoryId} onChange={set('categoryId')}>
              <option value="">None</option>
              {data?.categories.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
              {form.categoryId && !data?.categories.some((c) => c.id === form.categoryId) && <option value={form.categoryId}>{item.category?.name}</option>}
            </select>
            <small className="hint"><Link to="/categories">Manage categories</Link></small>
          </label>
          <label className="field">
            <span>Preferred supplier</span>
            <select value={form.preferredSupplierId} onChange={set('preferredSupplierId')}>
              <option value="">None</option>
              {suppliers.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
              {form.preferredSupplierId && !suppliers.some((p) => p.id === form.preferredSupplierId) && (
                <option value={form.preferredSupplierId}>{item.preferredSupplier?.name}</option>
              )}
            </select>
          </label>
        </div>
        <fieldset className="grid2">
          <legend className="strong">Reordering</legend>
          <Field label="Safety stock" value={form.safetyStock} onChange={set('safetyStock')} inputMode="decimal" hint="Low at or below this; 0: no threshold." />
          <Field label="Reorder point" value={form.reorderPoint} onChange={set('reorderPoint')} inputMode="decimal" hint="Empty: the location's threshold or the safety stock." />
          <Field label="Reorder quantity" value={form.reorderQuantity} onChange={set('reorderQuantity')} inputMode="decimal" hint="The least a suggestion proposes." />
          <Field label="Lead time (days)" value={form.leadTimeDays} onChange={set('leadTimeDays')} inputMode="numeric" type="number" min={0} max={730} />
        </fieldset>
        <Field label="Image URL" type="url" value={form.imageUrl} onChange={set('imageUrl')} />
        <label className="field">
          <span>Description</span>
          <textarea value={form.description} onChange={set('description')} rows={2} />
        </label>
        <ErrorMessage error={error} labels={LABELS} />
        <div className="row end">
          <button type="button" className="ghost" onClick={close}>Cancel</button>
          <button className="primary" disabled={loading}>{loading ? 'Saving…' : 'Save item'}</button>
        </div>
      </form>
    </Dialog>
  );
}
