import type { ApolloCache } from '@apollo/client';

/**
 * Drops cached answers a change made stale. Active queries that read them fetch again at
 * once; the others when next shown.
 */
export function evictRootFields(cache: ApolloCache<unknown>, fields: string[]): void {
  for (const fieldName of fields) cache.evict({ id: 'ROOT_QUERY', fieldName });
  cache.gc();
}

/** What a movement of stock changes besides the item totals (which arrive normalized). */
export function afterStockChange(cache: ApolloCache<unknown>, itemIds: string[]): void {
  for (const id of new Set(itemIds)) {
    const item = cache.identify({ __typename: 'Item', id });
    if (!item) continue;
    for (const fieldName of ['stockLevels', 'reserved', 'onOrder', 'available', 'daysOfCover', 'turnover']) {
      cache.evict({ id: item, fieldName });
    }
  }
  evictRootFields(cache, [
    'stockTransactions',
    'lowStockItems',
    'inventorySummary',
    'salesSummary',
    'topItems',
    'stockValueHistory',
    'reorderSuggestions',
    'pastQuantity',
  ]);
}
