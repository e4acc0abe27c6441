/**
 * The save and delete every entity editor offers, written once: save creates the entity or updates
 * the saved one and hands back what the store returned; delete asks first, naming the entity and
 * what goes with it. Both are actions (busy flag, errors for the form).
 */
import { useAction, type Action } from './useAction';

interface Named {
  id: string;
  name: string;
}

export function useSaveAction<E extends { id: string }>(
  saved: E | undefined,
  opts: {
    create(): Promise<E>;
    update(id: string): Promise<E>;
    /** What the store returned, and whether it was created by this save. */
    done(entity: E, created: boolean): void;
  },
): Action<[], void> {
  return useAction(async () => {
    const entity = saved ? await opts.update(saved.id) : await opts.create();
    opts.done(entity, !saved);
  });
}

export function useRemoveAction<E extends Named>(
  saved: E | undefined,
  opts: {
    /** What it is, for the question: "Delete <what> <name>?". */
    what: string;
    /** What goes with it, added to the question. */
    consequence?: string;
    remove(id: string): Promise<unknown>;
    /** After the delete (close the tab, clear the selection). */
    done(): void;
  },
): Action<[], void> {
  return useAction(async () => {
    if (!saved || !window.confirm(`Delete ${opts.what} ${saved.name}?${opts.consequence ? ` ${opts.consequence}` : ''}`)) return;
    await opts.remove(saved.id);
    opts.done();
  });
}
