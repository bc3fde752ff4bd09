import { useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client';
import { CreateWebhookDocument } from './settings.graphql';
import { EVENT_TYPES } from './events';
import { Field } from '../../components/Field';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { SecretNotice } from './SecretNotice';
import { titleCase } from '../../components/format';
import type { WebhookEventType } from '../../gql/graphql';
import { evictRootFields } from '../../session/cacheEffects';

export function CreateWebhookForm() {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<Set<WebhookEventType>>(new Set(['STOCK_CHANGED']));
  const [create, { data, loading, error }] = useMutation(CreateWebhookDocument, {
    update: (cache) => evictRootFields(cache, ['webhookEndpoints']),
  });
  const toggle = (event: WebhookEventType) =>
    setEvents((current) => {
      const next = new Set(current);
      if (next.has(event)) next.delete(event);
      else next.add(event);
      return next;
    });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({ variables: { input: { url: url.trim(), events: [...events], description: description.trim() || undefined } } }).catch(() => null);
    if (result?.data) {
      setUrl('');
      setDescription('');
    }
  };
  return (
    <form onSubmit={submit} className="card stack" aria-labelledby="new-webhook-title">
      <h2 id="new-webhook-title">New endpoint</h2>
      <Field label="URL" type="url" placeholder="https://example.com/stockroom" value={url} onChange={(e) => setUrl(e.target.value)} required />
      <Field label="Description" value={description} onChange={(e) => setDescription(e.target.value)} />
      <fieldset className="grid2">
        <legend className="strong">Events</legend>
        {EVENT_TYPES.map((type) => (
          <label key={type} className="check">
            <input type="checkbox" checked={events.has(type)} onChange={() => toggle(type)} />
            {titleCase(type)}
          </label>
        ))}
      </fieldset>
      <ErrorMessage error={error} labels={{ url: 'URL', events: 'Events' }} />
      {data && <SecretNotice secret={data.createWebhookEndpoint.secret} />}
      <div className="row end">
        <button className="primary" disabled={loading || events.size === 0}>Add endpoint</button>
      </div>
    </form>
  );
}
