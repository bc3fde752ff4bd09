import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApolloClient, useQuery } from '@apollo/client';
import { ItemByBarcodeDocument, StockFormDataDocument } from './stock.graphql';
import { KINDS, parseKind, type StockKind } from './kinds';
import { StockLines, type Line } from './StockLines';
import { BarcodeField } from './BarcodeField';
import { ItemPicker } from './ItemPicker';
import { useRecordStock } from './useRecordStock';
import { PageHeader } from '../../components/PageHeader';
import { Loading } from '../../components/Loading';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { describeError, problemsOf } from '../../errors/describe';
import { formatDecimal } from '../../components/format';
import type { RecordedTransactionFragment, StockLineItemFragment } from '../../gql/graphql';

function summary(kind: StockKind, recorded: RecordedTransactionFragment): string {
  const label = KINDS.find((k) => k.value === kind)?.label ?? 'Stock';
  const lines = recorded.lines
    .filter((l) => kind !== 'move' || Number(l.quantity) > 0)
    .map((l) => `${formatDecimal(l.quantity.replace(/^-/, ''))} × ${l.item?.name ?? 'item'} at ${l.location?.name ?? 'a hidden location'}`);
  return `${label} recorded: ${lines.join(', ') || 'no change'}.`;
}

export function StockFormPage() {
  const client = useApolloClient();
  const [params, setParams] = useSearchParams();
  const kind = parseKind(params.get('kind'));
  const { data, loading: loadingData, error: dataError } = useQuery(StockFormDataDocument);
  const [locationId, setLocationId] = useState('');
  const [toLocationId, setToLocationId] = useState('');
  const [partnerId, setPartnerId] = useState('');
  const [note, setNote] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const [scanMessage, setScanMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [scanning, setScanning] = useState(false);
  const { record, loading, error, clearError } = useRecordStock();

  const locations = data?.locations ?? [];
  useEffect(() => {
    if (!locationId && locations[0]) setLocationId(locations[0].id);
    if (!toLocationId && locations[1]) setToLocationId(locations[1].id);
  }, [locations, locationId, toLocationId]);

  const addItem = (item: StockLineItemFragment) => {
    setDone(null);
    clearError();
    setLines((current) => {
      const index = current.findIndex((line) => line.item.id === item.id);
      if (index < 0) return [...current, { item, quantity: '1', amount: '' }];
      return current.map((line, i) =>
        i === index ? { ...line, quantity: String(Number(line.quantity || '0') + 1) } : line,
      );
    });
    setScanMessage({ text: `Added ${item.name}.`, error: false });
  };

  const scan = async (code: string) => {
    setScanning(true);
    try {
      const result = await client.query({ query: ItemByBarcodeDocument, variables: { code }, fetchPolicy: 'network-only' });
      addItem(result.data.itemByBarcode);
    } catch (caught) {
      const notFound = problemsOf(caught)[0]?.code === 'NOT_FOUND';
      setScanMessage({ text: notFound ? `No item has the barcode or SKU “${code}”.` : describeError(caught).sentence, error: true });
    } finally {
      setScanning(false);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (lines.length === 0) {
      setScanMessage({ text: 'Add at least one line: scan a barcode or search for an item.', error: true });
      return;
    }
    const recorded = await record({ kind, locationId, toLocationId, partnerId, note, lines });
    if (recorded) {
      setDone(summary(kind, recorded));
      setLines([]);
      setNote('');
      setScanMessage(null);
    }
  };

  const short = problemsOf(error).find((p) => p.code === 'INSUFFICIENT_STOCK')?.extensions.itemId;
  const partners = (data?.partners ?? []).filter((p) => p.kind === 'BOTH' || p.kind === (kind === 'in' ? 'SUPPLIER' : 'CUSTOMER'));
  const verb = KINDS.find((k) => k.value === kind)?.verb ?? 'Record';

  if (loadingData && !data) return <Loading label="Loading locations" />;
  return (
    <section className="page">
      <PageHeader title="Record stock" />
      <ErrorMessage error={dataError} />
      {data && locations.length === 0 && (
        <p className="notice">There is no location yet. <Link to="/locations">Create one</Link> first.</p>
      )}
      <form onSubmit={submit} className="stack stock-form">
        <fieldset className="segmented">
          <legend className="visually-hidden">What happened</legend>
          {KINDS.map((k) => (
            <label key={k.value}>
              <input
                type="radio"
                name="kind"
                value={k.value}
                checked={kind === k.value}
                onChange={() => {
                  clearError();
                  setDone(null);
                  setParams({ kind: k.value }, { replace: true });
                }}
              />
              {k.label}
            </label>
          ))}
        </fieldset>
        <div className="grid2">
          <label className="field">
            <span>{kind === 'move' ? 'From location' : 'Location'}</span>
            <select value={locationId} onChange={(e) => setLocationId(e.target.value)} required>
              {locations.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
            </select>
          </label>
          {kind === 'move' && (
            <label className="field">
              <span>To location</span>
              <select value={toLocationId} onChange={(e) => setToLocationId(e.target.value)} required>
                <option value="">Choose…</option>
                {locations.filter((l) => l.id !== locationId).map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
              </select>
            </label>
          )}
          {(kind === 'in' || kind === 'out') && (
            <label className="field">
              <span>{kind === 'in' ? 'Supplier (optional)' : 'Customer (optional)'}</span>
              <select value={partnerId} onChange={(e) => setPartnerId(e.target.value)}>
                <option value="">None</option>
                {partners.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
              </select>
            </label>
          )}
        </div>
        <BarcodeField onScan={scan} busy={scanning} />
        {scanMessage && (
          <p className={scanMessage.error ? 'error' : 'muted'} role={scanMessage.error ? 'alert' : 'status'}>
            {scanMessage.text}
          </p>
        )}
        <ItemPicker onPick={addItem} />
        <StockLines
          kind={kind}
          lines={lines}
          shortItemId={typeof short === 'string' ? short : undefined}
          onChange={(index, line) => setLines((current) => current.map((l, i) => (i === index ? line : l)))}
          onRemove={(index) => setLines((current) => current.filter((_, i) => i !== index))}
        />
        <label className="field">
          <span>Note</span>
          <input value={note} onChange={(e) => setNote(e.target.value)} placeholder="Delivery note, reason…" />
        </label>
        <ErrorMessage error={error} labels={{ locationId: 'Location', toLocationId: 'To location' }} />
        {done && <p className="notice" role="status">{done}</p>}
        <div className="row end">
          <button className="primary" disabled={loading || locations.length === 0}>
            {loading ? 'Recording…' : verb}
          </button>
        </div>
      </form>
    </section>
  );
}
