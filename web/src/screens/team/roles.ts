import type { Role } from '../../gql/graphql';

export const ROLES: { value: Role; label: string; help: string }[] = [
  { value: 'VIEWER', label: 'Viewer', help: 'reads' },
  { value: 'MEMBER', label: 'Member', help: 'records stock, edits items' },
  { value: 'ADMIN', label: 'Admin', help: 'also manages locations, partners, settings and members' },
  { value: 'OWNER', label: 'Owner', help: 'also billing and ownership' },
];

export function roleLabel(role: Role): string {
  return ROLES.find((r) => r.value === role)?.label ?? role;
}
