/** A signing secret the api shows once. */
export function SecretNotice({ secret }: { secret: string }) {
  return (
    <div className="notice stack" role="status">
      <span>Copy the signing secret now: it is shown this once.</span>
      <code className="mono" aria-label="Signing secret">{secret}</code>
    </div>
  );
}
