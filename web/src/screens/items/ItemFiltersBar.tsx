import { useEffect, useState } from 'react';
import { useQuery } from '@apollo/client';
import { ItemFiltersDocument } from './items.graphql';
import { SORT_OPTIONS, useItemFilters } from './useItemFilters';

export function ItemFiltersBar({ filters }: { filters: ReturnType<typeof useItemFilters> }) {
  const { data } = useQuery(ItemFiltersDocument);
  const [search, setSearch] = useState(filters.q);
  const { set, q } = filters;

  useEffect(() => {
    // Debounced: a request per pause, not per key.
    if (search === q) return;
    const timer = setTimeout(() => set('q', search), 250);
    return () => clearTimeout(timer);
  }, [search, q, set]);

  return (
    <div className="filters" role="search">
      <label className="field grow">
        <span>Search items</span>
        <input type="search" placeholder="Name, SKU or barcode" value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      <label className="field">
        <span>Location</span>
        <select value={filters.locationId} onChange={(e) => set('locationId', e.target.value)}>
          <option value="">All locations</option>
          {data?.locations.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
        </select>
      </label>
      <label className="field">
        <span>Category</span>
        <select value={filters.categoryId} onChange={(e) => set('categoryId', e.target.value)}>
          <option value="">All categories</option>
          {data?.categories.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
      </label>
      <label className="field">
        <span>Sort by</span>
        <select value={filters.sort} onChange={(e) => set('sort', e.target.value === 'name' ? '' : e.target.value)}>
          {SORT_OPTIONS.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={filters.lowStock} onChange={(e) => set('lowStock', e.target.checked)} />
        Low stock only
      </label>
      <label className="check">
        <input type="checkbox" checked={filters.archived} onChange={(e) => set('archived', e.target.checked)} />
        Archived
      </label>
    </div>
  );
}
