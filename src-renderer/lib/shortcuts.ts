/**
 * Keyboard shortcuts: Ctrl (Cmd on macOS) + key. A screen registers its shortcuts only while its tab
 * is the active one, so Ctrl+S saves what the user is looking at.
 */
import { useEffect, useRef } from 'react';

export type ShortcutKey = 's' | 'n' | 'enter';

export function isShortcut(event: KeyboardEvent, key: ShortcutKey): boolean {
  const mod = event.ctrlKey || event.metaKey;
  if (!mod || event.altKey) return false;
  return key === 'enter' ? event.key === 'Enter' : event.key.toLowerCase() === key;
}

/** Handlers are read through a ref, so re-renders do not re-register the listener. */
export function useShortcuts(handlers: Partial<Record<ShortcutKey, () => void>>, enabled = true): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      for (const key of Object.keys(ref.current) as ShortcutKey[]) {
        if (isShortcut(event, key)) {
          event.preventDefault();
          ref.current[key]?.();
          return;
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}

export const MOD_LABEL = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';
