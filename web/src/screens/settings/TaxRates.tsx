import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@apollo/client';
import { CreateTaxRateDocument, TaxRatesDocument, UpdateTaxRateDocument } from './organization.graphql';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { evictRootFields } from '../../session/cacheEffects';

/** The tax rates sales lines can carry; a new percentage applies to invoices made from now on. */
export function TaxRates({ canEdit }: { canEdit: boolean }) {
  const [name, setName] = useState('');
  const [percent, setPercent] = useState('');
  const { data, error } = useQuery(TaxRatesDocument);
  const [create, creating] = useMutation(CreateTaxRateDocument, { update: (cache) => evictRootFields(cache, ['taxRates']) });
  const [update, updating] = useMutation(UpdateTaxRateDocument, { update: (cache) => evictRootFields(cache, ['taxRates']) });
  const add = async (event: FormEvent) => {
    event.preventDefault();
    const done = await create({ variables: { input: { name: name.trim(), percent: percent.trim() } } }).catch(() => null);
    if (done?.data) {
      setName('');
      setPercent('');
    }
  };
  return (
    <section className="card stack" aria-labelledby="tax-rates-title">
      <h2 id="tax-rates-title">Tax rates</h2>
      <ErrorMessage error={error ?? creating.error ?? updating.error} labels={{ name: 'Tax name', percent: 'Percent' }} />
      {data && data.taxRates.length === 0 && <p className="muted">No tax rates: sales lines are untaxed.</p>}
      {data && data.taxRates.length > 0 && (
        <ul className="list" aria-label="Tax rates">
          {data.taxRates.map((rate) => (
            <li key={rate.id} className="list-row">
              <span><span className="strong">{rate.name}</span> {rate.percent}% {rate.archived && <span className="badge">Archived</span>}</span>
              {canEdit && (
                <button className="ghost" onClick={() => void update({ variables: { input: { id: rate.id, archived: !rate.archived } } }).catch(() => null)}>
                  {rate.archived ? 'Restore' : 'Archive'}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <form onSubmit={add} className="row">
          <label className="field grow">
            <span>Tax name</span>
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="VAT" required />
          </label>
          <label className="field compact">
            <span>Percent</span>
            <input value={percent} onChange={(e) => setPercent(e.target.value)} inputMode="decimal" placeholder="20" required />
          </label>
          <button className="primary" disabled={creating.loading} style={{ alignSelf: 'flex-end' }}>Add tax rate</button>
        </form>
      )}
    </section>
  );
}
