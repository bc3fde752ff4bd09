import { useState } from 'react';
import { NetworkStatus, useQuery } from '@apollo/client';
import { AuditLogDocument } from './access.graphql';
import { PageHeader } from '../../components/PageHeader';
import { Loading } from '../../components/Loading';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { formatDateTime } from '../../components/format';

/** Who changed what, newest first; filter by the mutation's name. */
export function AuditLogPage() {
  const [action, setAction] = useState('');
  const filter = action.trim() ? { action: action.trim() } : {};
  const { data, loading, error, fetchMore, networkStatus } = useQuery(AuditLogDocument, {
    variables: { first: 50, filter },
    notifyOnNetworkStatusChange: true,
  });
  const connection = data?.auditLog;
  return (
    <section className="page">
      <PageHeader title="Audit log">
        <p className="muted">Every change, by whom, from where{connection && ` · ${connection.totalCount} entries`}.</p>
      </PageHeader>
      <div className="filters">
        <label className="field grow">
          <span>Action</span>
          <input type="search" value={action} onChange={(e) => setAction(e.target.value)} placeholder="e.g. stockOut" />
        </label>
      </div>
      <ErrorMessage error={error} />
      {loading && !connection && <Loading label="Loading the audit log" />}
      {connection && connection.edges.length === 0 && <p className="empty">Nothing recorded{action ? ' for this action' : ''}.</p>}
      {connection && connection.edges.length > 0 && (
        <table className="table responsive" aria-label="Audit log">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {connection.edges.map(({ node }) => (
              <tr key={node.id}>
                <td data-label="When">{formatDateTime(node.occurredAt)}</td>
                <td data-label="Who">
                  {node.actor} {node.actorApiKeyId && <span className="badge">API key</span>}
                  {node.ip && <div className="muted mono">{node.ip}</div>}
                </td>
                <td data-label="Action" className="mono">{node.action}{node.targetType && <div className="muted">{node.targetType}</div>}</td>
                <td data-label="Details"><code className="mono audit-summary">{node.summary}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {connection?.pageInfo.hasNextPage && (
        <button className="ghost wide" disabled={networkStatus === NetworkStatus.fetchMore} onClick={() => void fetchMore({ variables: { after: connection.pageInfo.endCursor } })}>
          Load more
        </button>
      )}
    </section>
  );
}
