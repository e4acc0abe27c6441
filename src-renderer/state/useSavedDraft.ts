/**
 * The state every entity editor keeps: the saved entity, the draft being edited, and why loading
 * failed. `load` makes an entity (fetched, saved or changed elsewhere) the new saved state and
 * resets the draft to it; `dirty` says whether the draft differs from what is saved.
 */
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../lib/errors';

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
}): SavedDraft<T, D> {
  const [saved, setSaved] = useState<T>();
  const [draft, setDraft] = useState<D | undefined>(() => (opts.id ? undefined : opts.newDraft()));
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
    fetch(id).then(load, (e) => setLoadError(errorMessage(e)));
  }, [opts.id]); // `load` and `fetch` are read through `latest`, so only a new id refetches

  const dirty = !!draft && (!saved || JSON.stringify(opts.draftOf(saved)) !== JSON.stringify(draft));
  return { saved, draft, setDraft, loadError, load, dirty };
}
