/**
 * The state every entity editor keeps: the saved entity, the draft being edited, and why loading
 * failed. `load` makes an entity (fetched, saved or changed elsewhere) the new saved state and
 * resets the draft to it; `dirty` says whether the draft differs from what is saved. With a
 * `tabKey`, the tab shows its unsaved state and an unsaved draft survives a reload (the draft
 * stored for the tab replaces the saved one when the tab first loads).
 */
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../lib/errors';
import { useStoredDraft, useStoredDraftReader, useTabDirty } from './useTabDraft';

const DRAFT_PART = 'entity';

export interface SavedDraft<T, D> {
  saved: T | undefined;
  draft: D | undefined;
  setDraft(draft: D): void;
  loadError: string | undefined;
  load(entity: T): void;
  /** A new entity (nothing saved yet) counts as dirty. */
  dirty: boolean;
}

export function useSavedDraft<T, D>(opts: {
  /** The entity to open; undefined for a new one, which starts from `newDraft()`. */
  id: string | undefined;
  fetch(id: string): Promise<T>;
  draftOf(entity: T): D;
  newDraft(): D;
  /** The editor's tab, to report unsaved edits and keep them across a reload. */
  tabKey?: string;
  /** Other unsaved edits in the same tab (an authorizer's function code), for the tab's marker. */
  alsoDirty?: boolean;
}): SavedDraft<T, D> {
  const readStored = useStoredDraftReader(opts.tabKey);
  const [saved, setSaved] = useState<T>();
  const [draft, setDraft] = useState<D | undefined>(() => (opts.id ? undefined : (readStored<D>(DRAFT_PART) ?? opts.newDraft())));
  const [loadError, setLoadError] = useState<string>();
  // The callbacks are usually inline lambdas: the effect below should follow the id, not them.
  const latest = useRef(opts);
  latest.current = opts;
  const load = (entity: T) => {
    setSaved(entity);
    setDraft(latest.current.draftOf(entity));
  };

  useEffect(() => {
    const { id, fetch } = latest.current;
    if (!id) return;
    fetch(id).then((entity) => {
      setSaved(entity);
      // Unsaved edits from before a reload win over the saved entity (they are still shown as unsaved).
      setDraft(readStored<D>(DRAFT_PART) ?? latest.current.draftOf(entity));
    }, (e) => setLoadError(errorMessage(e)));
  }, [opts.id]); // `load`, `fetch` and the stored draft are read once per id, so only a new id refetches

  const dirty = !!draft && (!saved || JSON.stringify(opts.draftOf(saved)) !== JSON.stringify(draft));
  // A new entity is "dirty" from the start; only keep it once the user has changed something.
  const edited = dirty && (!!saved || JSON.stringify(draft) !== JSON.stringify(latest.current.newDraft()));
  useTabDirty(opts.tabKey ?? '', !!opts.tabKey && (edited || !!opts.alsoDirty));
  useStoredDraft(opts.tabKey ?? '', DRAFT_PART, draft, !!opts.tabKey && edited);
  return { saved, draft, setDraft, loadError, load, dirty };
}
