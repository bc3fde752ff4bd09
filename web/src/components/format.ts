const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatDateTime(value: string | null | undefined): string {
  return value ? dateTime.format(new Date(value)) : '—';
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  // A `Date` scalar (`2026-12-04`) is a calendar day: read it at local noon.
  return date.format(new Date(value.length === 10 ? `${value}T12:00:00` : value));
}

/** Quantities and money travel as exact decimal strings; grouping only, never rounding. */
export function formatDecimal(value: string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const [whole = '0', fraction] = value.split('.');
  const negative = whole.startsWith('-');
  const digits = negative ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '−' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

export function formatMoney(value: string | null | undefined, currency?: string): string {
  if (value === null || value === undefined) return '—';
  return currency ? `${formatDecimal(value)} ${currency}` : formatDecimal(value);
}

export function titleCase(value: string): string {
  return value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ');
}
