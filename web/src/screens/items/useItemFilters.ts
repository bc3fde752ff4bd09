import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import type { ItemFilterInput, ItemOrderInput, ItemSortField, SortDirection } from '../../gql/graphql';

const SORTS: Record<string, { field: ItemSortField; direction: SortDirection; label: string }> = {
  name: { field: 'NAME', direction: 'ASC', label: 'Name' },
  sku: { field: 'SKU', direction: 'ASC', label: 'SKU' },
  'quantity-asc': { field: 'QUANTITY', direction: 'ASC', label: 'Quantity, lowest first' },
  'quantity-desc': { field: 'QUANTITY', direction: 'DESC', label: 'Quantity, highest first' },
  updated: { field: 'UPDATED_AT', direction: 'DESC', label: 'Recently changed' },
};

export const SORT_OPTIONS = Object.entries(SORTS).map(([value, sort]) => ({ value, label: sort.label }));

/** The list's filters live in the URL (`?q=&lowStock=true&locationId=&categoryId=&sort=`). */
export function useItemFilters() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const lowStock = params.get('lowStock') === 'true';
  const locationId = params.get('locationId') ?? '';
  const categoryId = params.get('categoryId') ?? '';
  const archived = params.get('archived') === 'true';
  const sort = SORTS[params.get('sort') ?? 'name'] ? (params.get('sort') ?? 'name') : 'name';

  const set = useCallback(
    (key: string, value: string | boolean) =>
      setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value === '' || value === false) next.delete(key);
        else next.set(key, String(value));
        return next;
      },
        { replace: true },
      ),
    [setParams],
  );

  const filter: ItemFilterInput = {
    ...(q ? { search: q } : {}),
    ...(lowStock ? { lowStock: true } : {}),
    ...(locationId ? { locationId } : {}),
    ...(categoryId ? { categoryId } : {}),
    archived,
  };
  const { field, direction } = SORTS[sort] ?? SORTS.name;
  const orderBy: ItemOrderInput = { field, direction };
  return { q, lowStock, locationId, categoryId, archived, sort, filter, orderBy, set };
}
