import { Link } from 'react-router';
import { useQuery } from '@apollo/client';
import { WebhooksDocument } from './settings.graphql';
import { CreateWebhookForm } from './CreateWebhookForm';
import { PageHeader } from '../../components/PageHeader';
import { Loading } from '../../components/Loading';
import { ErrorMessage } from '../../errors/ErrorMessage';

export function WebhooksPage() {
  const { data, loading, error } = useQuery(WebhooksDocument);
  return (
    <section className="page">
      <PageHeader title="Webhooks">
        <p className="muted">Send changes to your shop, accounting or chat tools as they happen, in order.</p>
      </PageHeader>
      <ErrorMessage error={error} />
      {loading && !data && <Loading label="Loading endpoints" />}
      {data && data.webhookEndpoints.length === 0 && <p className="empty">No endpoints yet.</p>}
      {data && data.webhookEndpoints.length > 0 && (
        <ul className="list" aria-label="Endpoints">
          {data.webhookEndpoints.map((endpoint) => (
            <li key={endpoint.id} className="list-row">
              <span>
                <Link className="strong" to={`/settings/webhooks/${endpoint.id}`}>{endpoint.url}</Link>
                <div className="muted">{endpoint.description ?? `${endpoint.events.length} event types`}</div>
              </span>
              <span className={`badge ${endpoint.enabled ? (endpoint.consecutiveFailures ? 'warn' : 'ok') : ''}`}>
                {endpoint.enabled ? (endpoint.consecutiveFailures ? 'Failing' : 'Enabled') : 'Disabled'}
              </span>
            </li>
          ))}
        </ul>
      )}
      <CreateWebhookForm />
    </section>
  );
}
