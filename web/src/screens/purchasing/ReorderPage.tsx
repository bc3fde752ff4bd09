import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client';
import { CreateDraftsDocument, ReorderDocument, ReorderLocationsDocument } from './purchasing.graphql';
import { PageHeader } from '../../components/PageHeader';
import { Loading } from '../../components/Loading';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { formatDecimal, formatMoney } from '../../components/format';
import { useCan } from '../../session/OrganizationProvider';
import { evictRootFields } from '../../session/cacheEffects';

/** Reorder suggestions at a location → draft purchase orders, one per supplier. */
export function ReorderPage() {
  const canAct = useCan('MEMBER');
  const [params, setParams] = useSearchParams();
  const wantedItem = params.get('itemId');
  const { data: places } = useQuery(ReorderLocationsDocument);
  const locationId = params.get('locationId') ?? places?.locations[0]?.id ?? '';
  const { data, loading, error } = useQuery(ReorderDocument, { variables: { locationId }, skip: !locationId });
  const [create, creating] = useMutation(CreateDraftsDocument, {
    update: (cache) => evictRootFields(cache, ['reorderSuggestions', 'purchaseOrders']),
  });
  const [chosen, setChosen] = useState<Set<string>>(new Set());

  const orderable = useMemo(
    () => (data?.reorderSuggestions ?? []).filter((g) => g.supplier).flatMap((g) => g.suggestions.filter((s) => Number(s.inDrafts) === 0)),
    [data],
  );
  useEffect(() => {
    // From an e-mail's link: that item chosen; otherwise every orderable suggestion.
    const ids = orderable.map((s) => s.item.id);
    setChosen(new Set(wantedItem && ids.includes(wantedItem) ? [wantedItem] : ids));
  }, [orderable, wantedItem]);

  const toggle = (id: string) =>
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const createDrafts = () =>
    void create({ variables: { input: { locationId, itemIds: [...chosen] } } }).catch(() => null);

  return (
    <section className="page">
      <PageHeader title="Reorder">
        <p className="muted">What to order so stock lasts through the lead time and the cover days.</p>
      </PageHeader>
      <div className="filters">
        <label className="field">
          <span>Location</span>
          <select value={locationId} onChange={(e) => setParams({ locationId: e.target.value }, { replace: true })}>
            {places?.locations.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
          </select>
        </label>
      </div>
      <ErrorMessage error={error ?? creating.error} />
      {creating.data && (
        <p className="notice" role="status">
          Created{' '}
          {creating.data.createPurchaseOrdersFromSuggestions.map((order, i) => (
            <span key={order.id}>
              {i > 0 && ', '}
              <Link to={`/purchasing/orders/${order.id}`}>{order.number}</Link> ({order.supplier?.name})
            </span>
          ))}
          {creating.data.createPurchaseOrdersFromSuggestions.length === 0 && ' nothing: the chosen items are already on drafts.'}
        </p>
      )}
      {loading && !data && <Loading label="Loading suggestions" />}
      {data && data.reorderSuggestions.length === 0 && <p className="empty">Nothing needs reordering here.</p>}
      {data?.reorderSuggestions.map((group) => (
        <section key={group.supplier?.id ?? 'none'} className="stack" aria-label={group.supplier?.name ?? 'No preferred supplier'}>
          <h2>{group.supplier?.name ?? 'No preferred supplier'}</h2>
          {!group.supplier && <p className="muted">Give these items a preferred supplier to order them from here.</p>}
          <table className="table responsive">
            <thead>
              <tr>
                <th scope="col"><span className="visually-hidden">Order</span></th>
                <th scope="col">Item</th>
                <th scope="col" className="num">Available</th>
                <th scope="col" className="num">On order</th>
                <th scope="col" className="num">Reorder point</th>
                <th scope="col" className="num">Suggested</th>
                <th scope="col" className="num">Unit cost</th>
              </tr>
            </thead>
            <tbody>
              {group.suggestions.map((s) => (
                <tr key={s.item.id}>
                  <td data-label="Order">
                    <input
                      type="checkbox"
                      aria-label={`Order ${s.item.name}`}
                      checked={chosen.has(s.item.id)}
                      disabled={!group.supplier || Number(s.inDrafts) > 0}
                      onChange={() => toggle(s.item.id)}
                    />
                  </td>
                  <td data-label="Item">
                    <Link to={`/items/${s.item.id}`}>{s.item.name}</Link>
                    {Number(s.inDrafts) > 0 && <span className="badge">{formatDecimal(s.inDrafts)} on drafts</span>}
                  </td>
                  <td data-label="Available" className="num">{formatDecimal(s.available)}</td>
                  <td data-label="On order" className="num">{formatDecimal(s.onOrder)}</td>
                  <td data-label="Reorder point" className="num">{formatDecimal(s.reorderPoint)}</td>
                  <td data-label="Suggested" className="num strong">{formatDecimal(s.suggestedQuantity)} {s.item.unit}</td>
                  <td data-label="Unit cost" className="num">{formatMoney(s.unitCost)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {canAct && orderable.length > 0 && (
        <div className="row end">
          <button className="primary" disabled={chosen.size === 0 || creating.loading} onClick={createDrafts}>
            Create draft orders ({chosen.size})
          </button>
        </div>
      )}
    </section>
  );
}
