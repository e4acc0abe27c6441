/**
 * The errors a form could not place at a field (or a failure with no field at all), shown at the
 * top of the form where the user acted.
 */
import type { FormErrors } from '../lib/errors';

export function ErrorNote({ errors, shownFields = [] }: { errors: FormErrors; shownFields?: string[] }) {
  const shown = new Set(shownFields);
  const unplaced = errors.issues.filter((i) => !shown.has(i.field));
  if (!errors.message && unplaced.length === 0) return null;
  return (
    <div className="note error" role="alert" data-testid="error-note">
      {errors.message ?? (unplaced.length < errors.issues.length ? 'Also fix:' : 'The workspace refused this change:')}
      {unplaced.length > 0 && (
        <ul>
          {unplaced.map((i, n) => (
            <li key={n}>
              <code>{i.field || '(whole object)'}</code> — {i.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function InlineError({ error }: { error?: string }) {
  if (!error) return null;
  return (
    <div className="note error" role="alert">
      {error}
    </div>
  );
}
