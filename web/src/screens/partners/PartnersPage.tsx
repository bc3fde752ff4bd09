import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client';
import { ArchivePartnerDocument, PartnersDocument, UnarchivePartnerDocument } from './partners.graphql';
import { PartnerDialog } from './PartnerDialog';
import { PageHeader } from '../../components/PageHeader';
import { Loading } from '../../components/Loading';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { titleCase } from '../../components/format';
import { useCan } from '../../session/OrganizationProvider';
import { evictRootFields } from '../../session/cacheEffects';
import type { PartnerFieldsFragment, PartnerKind } from '../../gql/graphql';

const KINDS: PartnerKind[] = ['SUPPLIER', 'CUSTOMER'];

/** Suppliers and customers: who purchase orders go to and sales orders come from. */
export function PartnersPage() {
  const isAdmin = useCan('ADMIN');
  const [params, setParams] = useSearchParams();
  const kind = KINDS.find((k) => k === params.get('kind'));
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<PartnerFieldsFragment | null>(null);
  const [open, setOpen] = useState(false);
  const { data, loading, error } = useQuery(PartnersDocument, { variables: { includeArchived: showArchived } });
  const refresh = { update: (cache: Parameters<typeof evictRootFields>[0]) => evictRootFields(cache, ['partners']) };
  const [archive, archiving] = useMutation(ArchivePartnerDocument, refresh);
  const [unarchive, unarchiving] = useMutation(UnarchivePartnerDocument, refresh);
  // BOTH counts as either kind.
  const partners = (data?.partners ?? []).filter((p) => !kind || p.kind === kind || p.kind === 'BOTH');
  const edit = (partner: PartnerFieldsFragment | null) => {
    setEditing(partner);
    setOpen(true);
  };

  return (
    <section className="page">
      <PageHeader title="Partners" actions={isAdmin && <button className="primary" onClick={() => edit(null)}>New partner</button>}>
        <p className="muted">The suppliers you buy from and the customers you sell to.</p>
      </PageHeader>
      <div className="filters">
        <label className="field">
          <span>Show</span>
          <select value={kind ?? ''} onChange={(e) => setParams(e.target.value ? { kind: e.target.value } : {}, { replace: true })}>
            <option value="">All partners</option>
            <option value="SUPPLIER">Suppliers</option>
            <option value="CUSTOMER">Customers</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
          Show archived
        </label>
      </div>
      <ErrorMessage error={error ?? archiving.error ?? unarchiving.error} />
      {loading && !data && <Loading label="Loading partners" />}
      {data && partners.length === 0 && (
        <p className="empty">No partners yet.{isAdmin ? ' Add your suppliers and customers to order from and sell to them.' : ''}</p>
      )}
      {partners.length > 0 && (
        <table className="table responsive" aria-label="Partners">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">E-mail</th>
              <th scope="col">Phone</th>
              {isAdmin && <th scope="col"><span className="visually-hidden">Actions</span></th>}
            </tr>
          </thead>
          <tbody>
            {partners.map((partner) => (
              <tr key={partner.id}>
                <td data-label="Name" className="strong">
                  {partner.name} {partner.archived && <span className="badge">Archived</span>}
                  {partner.address && <div className="muted">{partner.address}</div>}
                </td>
                <td data-label="Kind">{partner.kind === 'BOTH' ? 'Supplier and customer' : titleCase(partner.kind)}</td>
                <td data-label="E-mail">{partner.email ? <a href={`mailto:${partner.email}`}>{partner.email}</a> : '—'}</td>
                <td data-label="Phone">{partner.phone ?? '—'}</td>
                {isAdmin && (
                  <td className="actions-cell">
                    <span className="row end">
                      <button className="ghost" aria-label={`Edit ${partner.name}`} onClick={() => edit(partner)}>Edit</button>
                      {partner.archived ? (
                        <button className="ghost" onClick={() => void unarchive({ variables: { id: partner.id } }).catch(() => null)}>Restore</button>
                      ) : (
                        <button className="ghost" onClick={() => void archive({ variables: { id: partner.id } }).catch(() => null)}>Archive</button>
                      )}
                    </span>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <PartnerDialog partner={editing} open={open} onClose={() => setOpen(false)} />
    </section>
  );
}
