/** A secret the api shows once: a webhook's signing secret, an API key. */
export function SecretNotice({ secret, noun = 'signing secret' }: { secret: string; noun?: string }) {
  return (
    <div className="notice stack" role="status">
      <span>Copy the {noun} now: it is shown this once.</span>
      <code className="mono" aria-label={noun.charAt(0).toUpperCase() + noun.slice(1)} style={{ overflowWrap: 'anywhere' }}>{secret}</code>
    </div>
  );
}
