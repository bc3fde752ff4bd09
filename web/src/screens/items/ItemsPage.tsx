import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { NetworkStatus, useQuery } from '@apollo/client';
import { ItemsDocument } from './items.graphql';
import { useItemFilters } from './useItemFilters';
import { ItemFiltersBar } from './ItemFiltersBar';
import { ItemsTable } from './ItemsTable';
import { useInfiniteScroll } from './useInfiniteScroll';
import { CreateItemDialog } from './CreateItemDialog';
import { PageHeader } from '../../components/PageHeader';
import { Loading } from '../../components/Loading';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { useCan, useOrganization } from '../../session/OrganizationProvider';

const PAGE = 50;

export function ItemsPage() {
  const filters = useItemFilters();
  const { current } = useOrganization();
  const canEdit = useCan('MEMBER');
  const location = useLocation();
  const joined = (location.state as { joined?: string } | null)?.joined;
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const { data, error, loading, fetchMore, networkStatus } = useQuery(ItemsDocument, {
    variables: { first: PAGE, filter: filters.filter, orderBy: filters.orderBy },
    notifyOnNetworkStatusChange: true,
  });
  const connection = data?.items;
  const fetchingMore = networkStatus === NetworkStatus.fetchMore;
  const hasMore = Boolean(connection?.pageInfo.hasNextPage);
  const sentinel = useInfiniteScroll(() => {
    if (!connection || fetchingMore || !hasMore) return;
    void fetchMore({ variables: { after: connection.pageInfo.endCursor } });
  }, hasMore && !fetchingMore);

  const items = connection?.edges.map((edge) => edge.node) ?? [];
  return (
    <section className="page">
      <PageHeader
        title="Items"
        actions={
          canEdit && (
            <>
              <Link className="button" to="/categories">Categories</Link>
              <Link className="button" to="/stock">Record stock</Link>
              <button className="primary" onClick={() => setCreating(true)}>New item</button>
            </>
          )
        }
      >
        <p className="muted">{current.organization.name}{connection && ` · ${connection.totalCount} item${connection.totalCount === 1 ? '' : 's'}`}</p>
      </PageHeader>
      {joined && <p className="notice" role="status">You joined {joined}.</p>}
      {created && <p className="notice" role="status">Created {created}.</p>}
      <ItemFiltersBar filters={filters} />
      <ErrorMessage error={error} />
      {loading && !connection && <Loading label="Loading items" />}
      {connection && items.length === 0 && (
        <div className="empty">
          <p>{filters.q || filters.lowStock || filters.locationId || filters.categoryId ? 'No item matches these filters.' : 'No items yet.'}</p>
          {canEdit && !filters.q && (
            <p>
              Start with a <Link to="/locations">location</Link>, then add your first item.
            </p>
          )}
        </div>
      )}
      {items.length > 0 && <ItemsTable items={items} />}
      <div ref={sentinel} className="sentinel" aria-hidden="true" />
      {fetchingMore && <Loading label="Loading more items" />}
      {hasMore && !fetchingMore && (
        <button className="ghost wide" onClick={() => void fetchMore({ variables: { after: connection?.pageInfo.endCursor } })}>
          Load more
        </button>
      )}
      <CreateItemDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(name) => {
          setCreating(false);
          setCreated(name);
        }}
      />
    </section>
  );
}
