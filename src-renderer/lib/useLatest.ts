/**
 * The latest value of a prop or callback, for code that runs later (an event handler, a listener
 * registered once, a fetch that answers after a re-render) without re-creating what holds it.
 * Updated after each commit, never during render (React may render without committing).
 */
import { useLayoutEffect, useRef } from 'react';

export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
