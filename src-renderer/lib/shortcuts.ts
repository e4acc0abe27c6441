/**
 * Keyboard shortcuts: Ctrl (Cmd on macOS) + key. A screen registers its shortcuts only while its tab
 * is the active one, so Ctrl+S saves what the user is looking at.
 */
import { useEffect, useEffectEvent } from 'react';

export type ShortcutKey = 's' | 'n' | 'enter';

export function isShortcut(event: KeyboardEvent, key: ShortcutKey): boolean {
  const mod = event.ctrlKey || event.metaKey;
  if (!mod || event.altKey) return false;
  return key === 'enter' ? event.key === 'Enter' : event.key.toLowerCase() === key;
}

/** The listener reads the latest handlers (an effect event), so re-renders do not re-register it. */
export function useShortcuts(handlers: Partial<Record<ShortcutKey, () => void>>, enabled = true): void {
  const onKey = useEffectEvent((event: KeyboardEvent) => {
    for (const key of Object.keys(handlers) as ShortcutKey[]) {
      if (isShortcut(event, key)) {
        event.preventDefault();
        handlers[key]?.();
        return;
      }
    }
  });
  useEffect(() => {
    if (!enabled) return;
    const listener = (event: KeyboardEvent) => onKey(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [enabled]);
}

export const MOD_LABEL = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';
