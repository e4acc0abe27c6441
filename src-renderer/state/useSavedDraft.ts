/**
 * The state every entity editor keeps: the saved entity, the draft being edited, and why loading
 * failed. `load` makes an entity (fetched, saved or changed elsewhere) the new saved state and
 * resets the draft to it; `dirty` says whether the draft differs from what is saved. With a
 * `tabKey`, the tab shows its unsaved state and an unsaved draft survives a reload (the draft
 * stored for the tab replaces the saved one when the tab first loads).
 */
import { useEffect, useEffectEvent, useState } from 'react';
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
  const load = (entity: T) => {
    setSaved(entity);
    setDraft(opts.draftOf(entity));
  };

  // Only a new id fetches again: the callbacks are usually inline lambdas (read as effect events),
  // and a stored draft counts only when the entity is first loaded.
  const { id } = opts;
  const fetchEntity = useEffectEvent((id: string) => opts.fetch(id));
  const onFetched = useEffectEvent((entity: T) => {
    setSaved(entity);
    // Unsaved edits from before a reload win over the saved entity (they are still shown as unsaved).
    setDraft(readStored<D>(DRAFT_PART) ?? opts.draftOf(entity));
  });
  useEffect(() => {
    if (!id) return;
    let current = true;
    fetchEntity(id).then(
      (entity) => {
        if (current) onFetched(entity);
      },
      (e) => {
        if (current) setLoadError(errorMessage(e));
      },
    );
    return () => {
      current = false;
    };
  }, [id]);

  const dirty = !!draft && (!saved || JSON.stringify(opts.draftOf(saved)) !== JSON.stringify(draft));
  // A new entity is "dirty" from the start; only keep it once the user has changed something.
  const edited = dirty && (!!saved || JSON.stringify(draft) !== JSON.stringify(opts.newDraft()));
  useTabDirty(opts.tabKey ?? '', !!opts.tabKey && (edited || !!opts.alsoDirty));
  useStoredDraft(opts.tabKey ?? '', DRAFT_PART, draft, !!opts.tabKey && edited);
  return { saved, draft, setDraft, loadError, load, dirty };
}
