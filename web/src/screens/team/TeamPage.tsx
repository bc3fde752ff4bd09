import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../session/OrganizationProvider';
import { InviteForm } from './InviteForm';
import { InvitationsList } from './InvitationsList';
import { MembersList } from './MembersList';

export function TeamPage() {
  const isAdmin = useCan('ADMIN');
  return (
    <section className="page">
      <PageHeader title="Team">
        <p className="muted">Who can see and change this organization’s stock.</p>
      </PageHeader>
      {isAdmin && <InviteForm />}
      <MembersList />
      {isAdmin && <InvitationsList />}
    </section>
  );
}
