/**
 * A labelled form control with its validation message directly beneath it. When the control is a
 * single input, select or textarea, the label is tied to it (clicking the label focuses it, screen
 * readers name it) and the message describes it.
 */
import { cloneElement, isValidElement, useId, type ReactElement, type ReactNode } from 'react';

const NATIVE_CONTROLS = new Set(['input', 'select', 'textarea']);

export interface FieldProps {
  label: string;
  error?: string;
  hint?: ReactNode;
  wide?: boolean;
  children: ReactNode;
}

export function Field({ label, error, hint, wide, children }: FieldProps) {
  const autoId = useId();
  const noteId = `${autoId}-note`;
  const control = isValidElement(children) && typeof children.type === 'string' && NATIVE_CONTROLS.has(children.type) ? (children as ReactElement<{ id?: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }>) : undefined;
  const controlId = control ? (control.props.id ?? autoId) : undefined;
  const hasNote = !!error || !!hint;
  return (
    <div className={`field${error ? ' invalid' : ''}${wide ? ' wide' : ''}`}>
      <label htmlFor={controlId}>
        <span className="field-label">{label}</span>
      </label>
      {control ? cloneElement(control, { id: controlId, 'aria-describedby': hasNote ? noteId : undefined, 'aria-invalid': error ? true : undefined }) : children}
      {error ? (
        <div className="field-error" role="alert" id={noteId}>
          {error}
        </div>
      ) : hint ? (
        <div className="field-hint" id={noteId}>
          {hint}
        </div>
      ) : null}
    </div>
  );
}
