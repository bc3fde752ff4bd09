import { titleCase } from './format';

const TONE: Record<string, string> = {
  DRAFT: '',
  ORDERED: 'warn',
  CONFIRMED: 'warn',
  PARTIALLY_RECEIVED: 'warn',
  PARTIALLY_SHIPPED: 'warn',
  ISSUED: 'warn',
  RECEIVED: 'ok',
  SHIPPED: 'ok',
  PAID: 'ok',
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge ${TONE[status] ?? ''}`}>{titleCase(status)}</span>;
}
