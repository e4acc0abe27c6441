/**
 * Which item a master–detail screen shows, settable from outside the screen (the explorer opens the
 * Credentials tab on one app). A tab's spec cannot carry it: opening an open tab only focuses it.
 */
import { useSyncExternalStore } from 'react';

export interface SelectionStore<T> {
  get(): T;
  set(value: T): void;
  use(): T;
}

export function createSelectionStore<T>(initial: T): SelectionStore<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  return {
    get: () => value,
    set(next) {
      value = next;
      for (const listener of listeners) listener();
    },
    use: () => useSyncExternalStore(subscribe, () => value),
  };
}

/** The app the Credentials screen shows: an id, 'new' for the create form, undefined for none. */
export const appSelection = createSelectionStore<string | undefined>(undefined);
