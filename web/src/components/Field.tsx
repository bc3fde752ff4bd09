import type { InputHTMLAttributes, ReactNode } from 'react';

interface Props extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  hint?: ReactNode;
}

/** A labelled input; the label names it for assistive technology and for tests. */
export function Field({ label, hint, ...input }: Props) {
  return (
    <label className="field">
      <span>{label}</span>
      <input {...input} />
      {hint && <small className="hint">{hint}</small>}
    </label>
  );
}
