import { useState, type FormEvent } from 'react';
import { useLazyQuery } from '@apollo/client';
import { PastQuantityDocument } from './item.graphql';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { formatDateTime, formatDecimal } from '../../components/format';

interface Props {
  itemId: string;
  unit: string;
  locations: { id: string; name: string }[];
}

/** How much was at a location at a past moment (the ledger replayed up to it). */
export function PastQuantity({ itemId, unit, locations }: Props) {
  const [locationId, setLocationId] = useState(locations[0]?.id ?? '');
  const [at, setAt] = useState('');
  const [asked, setAsked] = useState<{ at: string; location: string } | null>(null);
  const [load, { data, loading, error }] = useLazyQuery(PastQuantityDocument, { fetchPolicy: 'network-only' });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!at || !locationId) return;
    const instant = new Date(at).toISOString();
    setAsked({ at: instant, location: locations.find((l) => l.id === locationId)?.name ?? '' });
    void load({ variables: { itemId, locationId, at: instant } });
  };

  return (
    <form onSubmit={submit} className="card stack" aria-labelledby="past-title">
      <h2 id="past-title">Quantity at a past date</h2>
      <div className="grid2">
        <label className="field">
          <span>Location</span>
          <select value={locationId} onChange={(e) => setLocationId(e.target.value)} required>
            {locations.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
          </select>
        </label>
        <label className="field">
          <span>Date and time</span>
          <input type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} required />
        </label>
      </div>
      <div className="row end">
        <button disabled={loading}>Show quantity</button>
      </div>
      <ErrorMessage error={error} labels={{ at: 'Date and time' }} />
      {data && asked && (
        <p role="status">
          At {asked.location} on {formatDateTime(asked.at)}: <strong>{formatDecimal(data.pastQuantity)} {unit}</strong>
        </p>
      )}
    </form>
  );
}
