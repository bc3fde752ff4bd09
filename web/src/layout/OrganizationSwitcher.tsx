import { useState } from 'react';
import { useOrganization } from '../session/OrganizationProvider';
import { NewOrganizationDialog } from './NewOrganizationDialog';

/** `me.memberships` to pick from; switching reloads everything for the new organization. */
export function OrganizationSwitcher() {
  const { memberships, current, switchTo } = useOrganization();
  const [creating, setCreating] = useState(false);
  return (
    <span className="org-switcher">
      <select aria-label="Organization" value={current.organization.id} onChange={(e) => void switchTo(e.target.value)}>
        {memberships.map((m) => (
          <option key={m.organization.id} value={m.organization.id}>
            {m.organization.name}
          </option>
        ))}
      </select>
      <button type="button" className="icon" aria-label="New organization" title="New organization" onClick={() => setCreating(true)}>
        +
      </button>
      <NewOrganizationDialog open={creating} onClose={() => setCreating(false)} />
    </span>
  );
}
