/**
 * What the window keeps across a reload or restart, per workspace file: the open tabs (and which is
 * active) and the unsaved draft of each editor tab. Kept in the renderer's localStorage, which
 * Electron and the browser host both persist; it is the user's own edit state, not workspace data,
 * so it never goes through the core. A value that cannot be read back is dropped, never trusted.
 */
import type { TabSpec } from './tabs';

const PREFIX = 'apig-workbench';

const tabsKey = (workspace: string) => `${PREFIX}:tabs:${workspace}`;
const draftKey = (workspace: string, tabKey: string, part: string) => `${PREFIX}:draft:${workspace}:${tabKey}:${part}`;

export interface StoredTabs {
  tabs: TabSpec[];
  active?: string;
}

function read<T>(key: string): T | undefined {
  try {
    const text = localStorage.getItem(key);
    return text === null ? undefined : (JSON.parse(text) as T);
  } catch {
    return undefined;
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === undefined) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the window still works, it just will not restore this.
  }
}

export function loadTabs(workspace: string): StoredTabs | undefined {
  const stored = read<StoredTabs>(tabsKey(workspace));
  if (!stored || !Array.isArray(stored.tabs) || !stored.tabs.every((t) => t && typeof t === 'object' && typeof t.kind === 'string')) return undefined;
  return stored;
}

export function saveTabs(workspace: string, stored: StoredTabs): void {
  write(tabsKey(workspace), stored);
}

/** A tab's stored draft (`part` tells an editor's drafts apart, e.g. settings and code). */
export function loadDraft<T>(workspace: string, tabKey: string, part: string): T | undefined {
  return read<T>(draftKey(workspace, tabKey, part));
}

/** Stores the draft, or forgets it when `value` is undefined (saved, or discarded). */
export function saveDraft(workspace: string, tabKey: string, part: string, value: unknown): void {
  write(draftKey(workspace, tabKey, part), value);
}

/** Forgets every stored draft of a tab (its edits were discarded). */
export function forgetDrafts(workspace: string, tabKey: string): void {
  const prefix = draftKey(workspace, tabKey, '');
  const keys: string[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key?.startsWith(prefix)) keys.push(key);
  }
  for (const key of keys) localStorage.removeItem(key);
}
