import { describeError, type FieldLabels } from './describe';

interface Props {
  error: unknown;
  labels?: FieldLabels;
}

/** An api error as a sentence, announced to screen readers. */
export function ErrorMessage({ error, labels }: Props) {
  if (!error) return null;
  const { sentence, code } = describeError(error, labels);
  return (
    <p className="error" role="alert" data-code={code}>
      {sentence}
    </p>
  );
}
