import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from '@apollo/client';
import { ArchiveCategoryDocument, CategoriesDocument, CreateCategoryDocument, UnarchiveCategoryDocument, UpdateCategoryDocument } from './categories.graphql';
import { PageHeader } from '../../components/PageHeader';
import { Loading } from '../../components/Loading';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { useCan } from '../../session/OrganizationProvider';
import { evictRootFields } from '../../session/cacheEffects';

/** Item categories: add, rename, archive (items keep theirs). */
export function CategoriesPage() {
  const canEdit = useCan('MEMBER');
  const [showArchived, setShowArchived] = useState(false);
  const [name, setName] = useState('');
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const { data, loading, error } = useQuery(CategoriesDocument, { variables: { includeArchived: showArchived } });
  const refresh = { update: (cache: Parameters<typeof evictRootFields>[0]) => evictRootFields(cache, ['categories']) };
  const [create, creating] = useMutation(CreateCategoryDocument, refresh);
  const [rename, renamingState] = useMutation(UpdateCategoryDocument);
  const [archive, archiving] = useMutation(ArchiveCategoryDocument, refresh);
  const [unarchive, unarchiving] = useMutation(UnarchiveCategoryDocument, refresh);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const done = await create({ variables: { input: { name: name.trim() } } }).catch(() => null);
    if (done?.data) setName('');
  };
  const saveName = async (event: FormEvent) => {
    event.preventDefault();
    if (!renaming) return;
    const done = await rename({ variables: { id: renaming.id, input: { name: renaming.name.trim() } } }).catch(() => null);
    if (done?.data) setRenaming(null);
  };

  return (
    <section className="page">
      <PageHeader title="Categories" actions={<Link className="button" to="/items">Items</Link>}>
        <p className="muted">Group items for filters and the sales report.</p>
      </PageHeader>
      {canEdit && (
        <form onSubmit={add} className="filters">
          <label className="field grow">
            <span>New category</span>
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Fasteners" required />
          </label>
          <button className="primary" disabled={creating.loading}>Add category</button>
        </form>
      )}
      <label className="check">
        <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
        Show archived categories
      </label>
      <ErrorMessage error={error ?? creating.error ?? renamingState.error ?? archiving.error ?? unarchiving.error} labels={{ name: 'Name' }} />
      {loading && !data && <Loading label="Loading categories" />}
      {data && data.categories.length === 0 && <p className="empty">No categories yet.</p>}
      {data && data.categories.length > 0 && (
        <ul className="list" aria-label="Categories">
          {data.categories.map((category) => (
            <li key={category.id} className="list-row">
              {renaming?.id === category.id ? (
                <form onSubmit={saveName} className="row" style={{ flex: 1 }}>
                  <input aria-label={`New name of ${category.name}`} value={renaming.name} onChange={(e) => setRenaming({ id: category.id, name: e.target.value })} required autoFocus style={{ flex: '1 1 10rem', width: 'auto' }} />
                  <button className="primary">Save</button>
                  <button type="button" className="ghost" onClick={() => setRenaming(null)}>Cancel</button>
                </form>
              ) : (
                <>
                  <span>
                    <Link className="strong" to={`/items?categoryId=${category.id}`}>{category.name}</Link>
                    {category.archived && <span className="badge">Archived</span>}
                  </span>
                  {canEdit && (
                    <span className="row">
                      <button className="ghost" onClick={() => setRenaming({ id: category.id, name: category.name })}>Rename</button>
                      {category.archived ? (
                        <button className="ghost" onClick={() => void unarchive({ variables: { id: category.id } }).catch(() => null)}>Restore</button>
                      ) : (
                        <button className="ghost" onClick={() => void archive({ variables: { id: category.id } }).catch(() => null)}>Archive</button>
                      )}
                    </span>
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
