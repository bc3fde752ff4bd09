import { useQuery } from '@apollo/client';
import { OrganizationSettingsDocument } from './organization.graphql';
import { OrganizationForm } from './OrganizationForm';
import { TaxRates } from './TaxRates';
import { PageHeader } from '../../components/PageHeader';
import { Loading } from '../../components/Loading';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { useCan } from '../../session/OrganizationProvider';

export function OrganizationSettingsPage() {
  const isAdmin = useCan('ADMIN');
  const { data, loading, error } = useQuery(OrganizationSettingsDocument);
  if (loading && !data) return <Loading label="Loading settings" />;
  if (!data) return <ErrorMessage error={error} />;
  return (
    <section className="page">
      <PageHeader title="Settings">
        <p className="muted">{isAdmin ? 'How this organization invoices, numbers its orders and keeps stock.' : 'Only admins can change these.'}</p>
      </PageHeader>
      <OrganizationForm key={data.organization.id} organization={data.organization} canEdit={isAdmin} />
      <TaxRates canEdit={isAdmin} />
    </section>
  );
}
