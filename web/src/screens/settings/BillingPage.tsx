import { useSearchParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client';
import { BillingDocument, BillingPortalDocument, CheckoutDocument } from './settings.graphql';
import { PageHeader } from '../../components/PageHeader';
import { Loading } from '../../components/Loading';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { formatDate } from '../../components/format';
import { useCan } from '../../session/OrganizationProvider';

function limit(value: number | null | undefined): string {
  return value === null || value === undefined ? 'unlimited' : String(value);
}

export function BillingPage() {
  const isOwner = useCan('OWNER');
  const [params] = useSearchParams();
  const checkout = params.get('checkout');
  const { data, loading, error } = useQuery(BillingDocument, { fetchPolicy: 'cache-and-network' });
  const [startCheckout, checkingOut] = useMutation(CheckoutDocument);
  const [openPortal, opening] = useMutation(BillingPortalDocument);
  const go = (url: string | undefined) => {
    if (url) window.location.assign(url);
  };

  if (loading && !data) return <Loading label="Loading billing" />;
  const org = data?.organization;
  const selfHosted = org?.plan === 'self-hosted';
  return (
    <section className="page">
      <PageHeader title="Billing" />
      {checkout === 'success' && <p className="notice" role="status">Thank you: your subscription is being set up. It shows here within a minute.</p>}
      {checkout === 'cancelled' && <p className="muted" role="status">Checkout was cancelled; nothing changed.</p>}
      <ErrorMessage error={error ?? checkingOut.error ?? opening.error} />
      {org && (
        <>
          {org.readOnly && (
            <p className="error" role="alert">This organization is read-only because its subscription is unpaid. Update the payment method to make changes again.</p>
          )}
          <dl className="details card">
            <dt>Plan</dt><dd className="strong">{org.planName}</dd>
            <dt>Status</dt><dd>{org.subscriptionStatus ?? (selfHosted ? 'billing is off on this server' : 'no subscription')}</dd>
            <dt>Renews</dt><dd>{formatDate(org.currentPeriodEnd)}</dd>
            <dt>Members</dt><dd>{org.usage.members} of {limit(org.limits.members)}</dd>
            <dt>Items</dt><dd>{org.usage.items} of {limit(org.limits.items)}</dd>
            <dt>Locations</dt><dd>{org.usage.locations} of {limit(org.limits.locations)}</dd>
          </dl>
          {!selfHosted && isOwner && (
            <div className="stack">
              {org.subscriptionStatus && (
                <button className="primary" disabled={opening.loading} onClick={() => void openPortal().then((r) => go(r.data?.createBillingPortalSession.url)).catch(() => null)}>
                  Manage subscription and payment
                </button>
              )}
              <ul className="list" aria-label="Plans">
                {data.plans.filter((p) => p.id !== 'free').map((plan) => (
                  <li key={plan.id} className="list-row">
                    <span>
                      <span className="strong">{plan.name}</span>
                      <div className="muted">
                        {limit(plan.limits.members)} members · {limit(plan.limits.items)} items · {limit(plan.limits.locations)} locations
                      </div>
                    </span>
                    {plan.id === org.plan ? (
                      <span className="badge ok">Current plan</span>
                    ) : (
                      <button disabled={checkingOut.loading} onClick={() => void startCheckout({ variables: { plan: plan.id } }).then((r) => go(r.data?.createCheckoutSession.url)).catch(() => null)}>
                        Choose {plan.name}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {!selfHosted && !isOwner && <p className="muted">Only owners can change the plan.</p>}
        </>
      )}
    </section>
  );
}
