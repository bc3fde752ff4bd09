import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@apollo/client';
import { CreateItemDocument, ItemFiltersDocument } from './items.graphql';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { ErrorMessage } from '../../errors/ErrorMessage';
import type { CreateItemInput } from '../../gql/graphql';
import { evictRootFields } from '../../session/cacheEffects';

const EMPTY = { sku: '', name: '', barcode: '', unit: '', cost: '', price: '', safetyStock: '', categoryId: '', imageUrl: '', description: '' };
const LABELS = { sku: 'SKU', name: 'Name', barcode: 'Barcode', cost: 'Cost', price: 'Price', safetyStock: 'Safety stock', imageUrl: 'Image URL' };

interface Props {
  open: boolean;
  onClose: () => void;
  onCreated: (name: string) => void;
}

export function CreateItemDialog({ open, onClose, onCreated }: Props) {
  const [form, setForm] = useState(EMPTY);
  const { data } = useQuery(ItemFiltersDocument, { skip: !open });
  const [create, { loading, error, reset }] = useMutation(CreateItemDocument, {
    update: (cache) => evictRootFields(cache, ['items', 'inventorySummary', 'lowStockItems']),
  });
  const set = (key: keyof typeof EMPTY) => (event: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: event.target.value }));

  const close = () => {
    setForm(EMPTY);
    reset();
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const optional = (value: string) => (value.trim() ? value.trim() : undefined);
    const input: CreateItemInput = {
      sku: form.sku.trim(),
      name: form.name.trim(),
      barcode: optional(form.barcode),
      unit: optional(form.unit),
      cost: optional(form.cost),
      price: optional(form.price),
      safetyStock: optional(form.safetyStock),
      categoryId: optional(form.categoryId),
      imageUrl: optional(form.imageUrl),
      description: optional(form.description),
      attributes: [],
    };
    const result = await create({ variables: { input } }).catch(() => null);
    if (result?.data) {
      setForm(EMPTY);
      onCreated(result.data.createItem.name);
    }
  };

  return (
    <Dialog title="New item" open={open} onClose={close}>
      <form onSubmit={submit} className="stack">
        <div className="grid2">
          <Field label="SKU" value={form.sku} onChange={set('sku')} required autoFocus />
          <Field label="Name" value={form.name} onChange={set('name')} required />
          <Field label="Barcode" value={form.barcode} onChange={set('barcode')} inputMode="numeric" hint="EAN, UPC or any code your scanner reads." />
          <Field label="Unit" value={form.unit} onChange={set('unit')} placeholder="pcs" />
          <Field label="Cost" value={form.cost} onChange={set('cost')} inputMode="decimal" placeholder="0.00" />
          <Field label="Price" value={form.price} onChange={set('price')} inputMode="decimal" placeholder="0.00" />
          <Field label="Safety stock" value={form.safetyStock} onChange={set('safetyStock')} inputMode="decimal" placeholder="0" />
          <label className="field">
            <span>Category</span>
            <select value={form.categoryId} onChange={set('categoryId')}>
              <option value="">None</option>
              {data?.categories.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          </label>
        </div>
        <Field label="Image URL" type="url" value={form.imageUrl} onChange={set('imageUrl')} placeholder="https://…" />
        <label className="field">
          <span>Description</span>
          <textarea value={form.description} onChange={set('description')} rows={2} />
        </label>
        <ErrorMessage error={error} labels={LABELS} />
        <div className="row end">
          <button type="button" className="ghost" onClick={close}>Cancel</button>
          <button className="primary" disabled={loading}>{loading ? 'Creating…' : 'Create item'}</button>
        </div>
      </form>
    </Dialog>
  );
}
