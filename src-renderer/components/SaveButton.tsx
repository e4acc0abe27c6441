/** The editors' Save button: enabled only with unsaved edits, shows its shortcut. */
import type { Action } from '../lib/useAction';
import { MOD_LABEL } from '../lib/shortcuts';

export function SaveButton({ save, dirty, label = 'Save' }: { save: Action<[], unknown>; dirty: boolean; label?: string }) {
  return (
    <button className="btn primary" onClick={() => void save.run()} disabled={save.busy || !dirty} data-testid="save">
      {label} <span className="kbd">{MOD_LABEL}+S</span>
    </button>
  );
}
