/** The editors' Save button: enabled only with unsaved edits, shows its shortcut. */
import type { Action } from '../lib/useAction';
import { MOD_LABEL } from '../lib/shortcuts';

export function SaveButton({ save, dirty }: { save: Action<[], unknown>; dirty: boolean }) {
  return (
    <button className="btn primary" onClick={() => void save.run()} disabled={save.busy || !dirty} data-testid="save">
      Save <span className="kbd">{MOD_LABEL}+S</span>
    </button>
  );
}
