/** A labelled form control with its validation message directly beneath it. */
import type { ReactNode } from 'react';

export interface FieldProps {
  label: string;
  error?: string;
  hint?: ReactNode;
  wide?: boolean;
  children: ReactNode;
}

export function Field({ label, error, hint, wide, children }: FieldProps) {
  return (
    <div className={`field${error ? ' invalid' : ''}${wide ? ' wide' : ''}`}>
      <label>
        <span className="field-label">{label}</span>
      </label>
      {children}
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : hint ? (
        <div className="field-hint">{hint}</div>
      ) : null}
    </div>
  );
}
