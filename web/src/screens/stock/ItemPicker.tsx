import { useState } from 'react';
import { useQuery } from '@apollo/client';
import { ItemSearchDocument } from './stock.graphql';
import type { StockLineItemFragment } from '../../gql/graphql';

/** For items without a barcode at hand: search by name or SKU and add. */
export function ItemPicker({ onPick }: { onPick: (item: StockLineItemFragment) => void }) {
  const [search, setSearch] = useState('');
  const term = search.trim();
  const { data, loading } = useQuery(ItemSearchDocument, { variables: { search: term }, skip: term.length < 2 });
  return (
    <div className="picker">
      <label className="field">
        <span>Find an item</span>
        <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Name or SKU" />
      </label>
      {term.length >= 2 && (
        <ul className="picker-results" aria-label="Matching items" aria-busy={loading}>
          {data?.items.nodes.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                className="ghost"
                onClick={() => {
                  onPick(item);
                  setSearch('');
                }}
              >
                Add {item.name} <span className="muted">{item.sku}</span>
              </button>
            </li>
          ))}
          {data && data.items.nodes.length === 0 && <li className="muted">No item matches.</li>}
        </ul>
      )}
    </div>
  );
}
