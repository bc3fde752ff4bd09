export type StockKind = 'in' | 'out' | 'move' | 'count';

export const KINDS: { value: StockKind; label: string; verb: string }[] = [
  { value: 'in', label: 'Stock in', verb: 'Record stock in' },
  { value: 'out', label: 'Stock out', verb: 'Record stock out' },
  { value: 'move', label: 'Move', verb: 'Move stock' },
  { value: 'count', label: 'Count', verb: 'Record count' },
];

export function parseKind(value: string | null): StockKind {
  return KINDS.some((k) => k.value === value) ? (value as StockKind) : 'in';
}
