/**
 * An editor tab's unsaved edits, made safe: `useTabDirty` tells the tab strip (a marker on the tab,
 * and a question before closing it); `useStoredDraft` keeps the draft in the window's storage while
 * it differs from what is saved, and `storedDraft` reads it back when the tab opens after a reload.
 */
import { useEffect, useRef } from 'react';
import { useNav } from './NavContext';
import { loadDraft, saveDraft } from './persistence';

export function useTabDirty(tabKey: string, dirty: boolean): void {
  const { setDirty } = useNav();
  useEffect(() => setDirty(tabKey, dirty), [setDirty, tabKey, dirty]);
  useEffect(() => () => setDirty(tabKey, false), [setDirty, tabKey]);
}

/**
 * Stores `value` under the tab while `dirty`, and forgets it once it stops being dirty (saved or
 * reverted). Not before: while the tab is still loading it is not dirty, and the stored draft it is
 * about to restore must not be forgotten.
 */
export function useStoredDraft(tabKey: string, part: string, value: unknown, dirty: boolean): void {
  const { workspace } = useNav();
  const wasDirty = useRef(false);
  useEffect(() => {
    if (!workspace) return;
    if (dirty) saveDraft(workspace, tabKey, part, value);
    else if (wasDirty.current) saveDraft(workspace, tabKey, part, undefined);
    wasDirty.current = dirty;
  }, [workspace, tabKey, part, value, dirty]);
}

export function useStoredDraftReader(tabKey: string | undefined): <T>(part: string) => T | undefined {
  const { workspace } = useNav();
  return <T,>(part: string) => (workspace && tabKey ? loadDraft<T>(workspace, tabKey, part) : undefined);
}
