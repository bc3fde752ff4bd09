import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client';
import { ArchiveLocationDocument, LocationsDocument, UnarchiveLocationDocument } from './locations.graphql';
import { CreateLocationDialog } from './CreateLocationDialog';
import { PageHeader } from '../../components/PageHeader';
import { Loading } from '../../components/Loading';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { useCan } from '../../session/OrganizationProvider';
import { Link } from 'react-router';

export function LocationsPage() {
  const isAdmin = useCan('ADMIN');
  const [showArchived, setShowArchived] = useState(false);
  const [creating, setCreating] = useState(false);
  const { data, loading, error } = useQuery(LocationsDocument, { variables: { includeArchived: showArchived } });
  const [archive, archiving] = useMutation(ArchiveLocationDocument);
  const [unarchive, unarchiving] = useMutation(UnarchiveLocationDocument);

  return (
    <section className="page">
      <PageHeader title="Locations" actions={isAdmin && <button className="primary" onClick={() => setCreating(true)}>New location</button>}>
        <p className="muted">Warehouses, shops, vans: wherever stock is kept.</p>
      </PageHeader>
      <label className="check">
        <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
        Show archived locations
      </label>
      <ErrorMessage error={error ?? archiving.error ?? unarchiving.error} />
      {loading && !data && <Loading label="Loading locations" />}
      {data && data.locations.length === 0 && (
        <div className="empty">
          <p>No locations yet.{isAdmin ? ' Create the first one to record stock.' : ' Ask an admin to create one.'}</p>
        </div>
      )}
      {data && data.locations.length > 0 && (
        <table className="table responsive">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Address</th>
              <th scope="col">Stock</th>
              {isAdmin && <th scope="col"><span className="visually-hidden">Actions</span></th>}
            </tr>
          </thead>
          <tbody>
            {data.locations.map((location) => (
              <tr key={location.id}>
                <td data-label="Name" className="strong">
                  {location.name} {location.archived && <span className="badge">Archived</span>}
                </td>
                <td data-label="Address">{location.address ?? '—'}</td>
                <td data-label="Stock"><Link to={`/items?locationId=${location.id}`}>Items here</Link></td>
                {isAdmin && (
                  <td className="actions-cell">
                    {location.archived ? (
                      <button className="ghost" onClick={() => void unarchive({ variables: { id: location.id } }).catch(() => null)}>Restore</button>
                    ) : (
                      <button className="ghost" onClick={() => void archive({ variables: { id: location.id } }).catch(() => null)}>Archive</button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CreateLocationDialog open={creating} onClose={() => setCreating(false)} />
    </section>
  );
}
