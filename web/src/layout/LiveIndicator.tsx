import { useEffect, useRef, useState } from 'react';
import { useApolloClient, useSubscription } from '@apollo/client';
import { StockChangedDocument } from './live.graphql';
import { afterStockChange } from '../session/cacheEffects';

/** Changes are gathered this long before cached levels and figures are dropped. */
const BATCH_MS = 300;

/**
 * The app's one `stockChanged` subscription. Item totals arrive in the events and update
 * every list at once; levels, history and figures of the changed items are dropped from
 * the cache, so the screens showing them fetch them again.
 */
function StockChanges({ onState }: { onState: (live: boolean) => void }) {
  const { cache } = useApolloClient();
  const pending = useRef(new Set<string>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { error } = useSubscription(StockChangedDocument, {
    onData: ({ data }) => {
      const id = data.data?.stockChanged.item?.id;
      if (!id) return;
      pending.current.add(id);
      timer.current ??= setTimeout(() => {
        timer.current = null;
        const ids = [...pending.current];
        pending.current.clear();
        afterStockChange(cache, ids);
      }, BATCH_MS);
    },
  });
  useEffect(() => onState(!error), [error, onState]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return null;
}

/**
 * Shows whether live updates flow, and subscribes again when the subscription ends in an
 * error (a socket closed for good: an expired token in a sleeping tab, a lost network).
 */
export function LiveIndicator() {
  const [live, setLive] = useState(true);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (live) return;
    const wait = Math.min(30_000, 1_000 * 2 ** Math.min(attempt, 5));
    const timer = setTimeout(() => setAttempt((n) => n + 1), wait);
    return () => clearTimeout(timer);
  }, [live, attempt]);
  return (
    <span className={`live ${live ? 'on' : 'off'}`} title={live ? 'Live updates on' : 'Live updates paused; reconnecting'}>
      <StockChanges key={attempt} onState={setLive} />
      <span className="dot" aria-hidden="true" />
      <span className="live-label">{live ? 'Live' : 'Offline'}</span>
    </span>
  );
}
