import { useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client';
import { DisableWebhookDocument, EnableWebhookDocument, RotateWebhookSecretDocument, WebhookDocument } from './settings.graphql';
import { SecretNotice } from './SecretNotice';
import { PageHeader } from '../../components/PageHeader';
import { Loading } from '../../components/Loading';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { formatDateTime, titleCase } from '../../components/format';

/** The page the "endpoint disabled" e-mail links to. */
export function WebhookPage() {
  const { id = '' } = useParams();
  const { data, loading, error } = useQuery(WebhookDocument, { variables: { id } });
  const [enable, enabling] = useMutation(EnableWebhookDocument, { refetchQueries: ['Webhook'] });
  const [disable, disabling] = useMutation(DisableWebhookDocument, { refetchQueries: ['Webhook'] });
  const [rotate, rotating] = useMutation(RotateWebhookSecretDocument);

  if (loading && !data) return <Loading label="Loading the endpoint" />;
  if (!data) return <ErrorMessage error={error} />;
  const endpoint = data.webhookEndpoint;
  const busy = enabling.loading || disabling.loading || rotating.loading;
  return (
    <section className="page">
      <PageHeader
        title="Webhook endpoint"
        actions={
          <>
            {endpoint.enabled ? (
              <button className="ghost" disabled={busy} onClick={() => void disable({ variables: { id } }).catch(() => null)}>Disable</button>
            ) : (
              <button className="primary" disabled={busy} onClick={() => void enable({ variables: { id } }).catch(() => null)}>Enable again</button>
            )}
            <button className="ghost" disabled={busy} onClick={() => void rotate({ variables: { id } }).catch(() => null)}>Rotate secret</button>
          </>
        }
      >
        <p className="muted mono">{endpoint.url}</p>
      </PageHeader>
      <ErrorMessage error={enabling.error ?? disabling.error ?? rotating.error} />
      {rotating.data && <SecretNotice secret={rotating.data.rotateWebhookSecret.secret} />}
      {!endpoint.enabled && (
        <p className="error" role="alert">
          Disabled{endpoint.disabledReason ? `: ${endpoint.disabledReason}` : ''}. Events are still recorded; enabling sends them from where it stopped.
        </p>
      )}
      <dl className="details card">
        <dt>Description</dt><dd>{endpoint.description ?? '—'}</dd>
        <dt>Events</dt><dd>{endpoint.events.map(titleCase).join(', ')}</dd>
        <dt>Delivered through</dt><dd>event #{endpoint.deliveredThroughSequence}</dd>
        <dt>Failures in a row</dt><dd>{endpoint.consecutiveFailures}</dd>
        <dt>Failing since</dt><dd>{formatDateTime(endpoint.failingSince)}</dd>
        <dt>Next attempt</dt><dd>{formatDateTime(endpoint.nextAttemptAt)}</dd>
      </dl>
      <section className="stack" aria-labelledby="deliveries-title">
        <h2 id="deliveries-title">Recent deliveries</h2>
        {data.webhookDeliveries.edges.length === 0 ? (
          <p className="muted">Nothing sent yet.</p>
        ) : (
          <table className="table responsive" aria-label="Deliveries">
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Answer</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {data.webhookDeliveries.edges.map(({ node }) => (
                <tr key={node.id}>
                  <td data-label="Event">#{node.sequence} {node.eventType ? titleCase(node.eventType) : ''} (attempt {node.attempt})</td>
                  <td data-label="Status">{titleCase(node.status)}</td>
                  <td data-label="Answer">{node.statusCode ?? node.error ?? '—'}{node.latencyMs !== null && node.latencyMs !== undefined && ` · ${node.latencyMs} ms`}</td>
                  <td data-label="When">{formatDateTime(node.attemptedAt ?? node.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </section>
  );
}
