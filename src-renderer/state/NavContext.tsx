/**
 * Opening, focusing and closing tabs, from anywhere in the tree. The open tabs are kept per
 * workspace and restored after a reload or restart; editor tabs report unsaved edits, and closing
 * one of those asks first (`requestClose` → `pendingClose`, answered by `confirmClose`/`cancelClose`).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { forgetDrafts, loadTabs, saveTabs } from './persistence';
import { mergeTabsOpenedWhileLoading, tabKey, type TabSpec } from './tabs';

export interface OpenTab {
  key: string;
  spec: TabSpec;
  /**
   * Stays the same when the tab is replaced (a new authorizer becomes the saved one), so its screen
   * is not remounted and keeps its state (the Test panel's event and result, scroll position).
   */
  instance: string;
}

export interface Nav {
  tabs: OpenTab[];
  activeKey?: string;
  /** The workspace file the tabs belong to ('' while it loads: nothing is stored then). */
  workspace: string;
  open(spec: TabSpec): void;
  /** Closes at once (after a save or delete, or once the user agreed to discard). */
  close(key: string): void;
  /** What the tab strip's × does: closes, or asks first when the tab has unsaved edits. */
  requestClose(key: string): void;
  /** The tab waiting for the user's answer to "discard unsaved edits?". */
  pendingClose?: string;
  /** Discards the pending tab's edits (its stored drafts too) and closes it. */
  confirmClose(): void;
  cancelClose(): void;
  /** Keys of tabs with unsaved edits. */
  dirty: ReadonlySet<string>;
  setDirty(key: string, dirty: boolean): void;
  /** Replaces a tab in place (a "new API" tab becomes the saved API's tab). */
  replace(key: string, spec: TabSpec): void;
  /** Tester requests pre-filled from elsewhere (an API's "Try it", a trace's "Replay in tester"). */
  testerSeed?: TesterSeed;
  tryApi(apiId: string): void;
  replayInTester(request: TesterSeedRequest): void;
  /** The Lab's suite to show (after "Save as test case"), and the case to reveal in it. */
  suiteSeed?: SuiteSeed;
  openSuite(suiteId: string, caseName?: string): void;
  /** The Lab has shown seed `seq`: a Lab opened later starts as usual instead of showing it again. */
  suiteSeedShown(seq: number): void;
}

export interface SuiteSeed {
  seq: number;
  suiteId: string;
  caseName?: string;
}

export interface TesterSeedRequest {
  method: string;
  /** Path and query, as the gateway received them. */
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Environment name ('' = RELEASE). */
  env: string;
  /** What could not be replayed as it was (a masked credential, an old signature), shown in the tester. */
  warnings?: string[];
}
export type TesterSeed = { seq: number } & ({ apiId: string } | { request: TesterSeedRequest });

const Ctx = createContext<Nav | null>(null);
let seq = 0;
export const nextSeq = () => ++seq;

function initialTabs(workspace: string): { tabs: OpenTab[]; active?: string } {
  const stored = workspace ? loadTabs(workspace) : undefined;
  if (!stored) return { tabs: [{ key: 'welcome', spec: { kind: 'welcome' }, instance: 'welcome' }], active: 'welcome' };
  const tabs = stored.tabs.map((spec) => ({ key: tabKey(spec), spec, instance: tabKey(spec) }));
  // New-entity tabs are keyed by a sequence number: continue after the restored ones.
  for (const { spec } of tabs) if ('seq' in spec && spec.kind !== 'tester' && spec.seq > seq) seq = spec.seq;
  const active = tabs.some((t) => t.key === stored.active) ? stored.active : tabs[0]?.key;
  return { tabs, active };
}

export function NavProvider({ workspace, children }: { workspace: string; children: ReactNode }) {
  const [initial] = useState(() => initialTabs(workspace));
  const [tabs, setTabs] = useState<OpenTab[]>(initial.tabs);
  const [activeKey, setActiveKey] = useState<string | undefined>(initial.active);
  // The provider is mounted before the workspace's file is known ('') and keeps its state when it
  // becomes known; the stored tabs are restored then (React's "adjust state on a prop change").
  const [restoredFor, setRestoredFor] = useState(workspace);
  if (restoredFor !== workspace) {
    setRestoredFor(workspace);
    const merged = mergeTabsOpenedWhileLoading<OpenTab>(initialTabs(workspace), { tabs, active: activeKey });
    setTabs(merged.tabs);
    setActiveKey(merged.active);
  }
  const [testerSeed, setTesterSeed] = useState<TesterSeed>();
  const [suiteSeed, setSuiteSeed] = useState<SuiteSeed>();
  const [dirty, setDirtySet] = useState<ReadonlySet<string>>(new Set());
  const [pendingClose, setPendingClose] = useState<string>();

  useEffect(() => {
    if (workspace) saveTabs(workspace, { tabs: tabs.map((t) => t.spec), active: activeKey });
  }, [workspace, tabs, activeKey]);

  const open = useCallback((spec: TabSpec) => {
    const key = tabKey(spec);
    setTabs((list) => (list.some((t) => t.key === key) ? list : [...list, { key, spec, instance: key }]));
    setActiveKey(key);
  }, []);

  const close = useCallback((key: string) => {
    setTabs((list) => {
      const at = list.findIndex((t) => t.key === key);
      const next = list.filter((t) => t.key !== key);
      setActiveKey((active) => (active === key ? next[Math.min(at, next.length - 1)]?.key : active));
      return next;
    });
    setDirtySet((set) => {
      if (!set.has(key)) return set;
      const next = new Set(set);
      next.delete(key);
      return next;
    });
  }, []);

  const setDirty = useCallback((key: string, isDirty: boolean) => {
    setDirtySet((set) => {
      if (set.has(key) === isDirty) return set;
      const next = new Set(set);
      if (isDirty) next.add(key);
      else next.delete(key);
      return next;
    });
  }, []);

  const requestClose = useCallback(
    (key: string) => {
      if (dirty.has(key)) {
        setActiveKey(key);
        setPendingClose(key);
      } else close(key);
    },
    [dirty, close],
  );
  const confirmClose = useCallback(() => {
    if (pendingClose === undefined) return;
    if (workspace) forgetDrafts(workspace, pendingClose);
    close(pendingClose);
    setPendingClose(undefined);
  }, [pendingClose, workspace, close]);
  const cancelClose = useCallback(() => setPendingClose(undefined), []);

  const replace = useCallback((key: string, spec: TabSpec) => {
    const newKey = tabKey(spec);
    // The tab's drafts were saved: what is stored under its old key is not needed again.
    if (workspace && newKey !== key) forgetDrafts(workspace, key);
    setTabs((list) => {
      const without = list.filter((t) => t.key !== newKey || t.key === key);
      return without.map((t) => (t.key === key ? { ...t, key: newKey, spec } : t));
    });
    setActiveKey((active) => (active === key ? newKey : active));
  }, [workspace]);

  const tryApi = useCallback(
    (apiId: string) => {
      setTesterSeed({ apiId, seq: nextSeq() });
      open({ kind: 'tester' });
    },
    [open],
  );
  const replayInTester = useCallback(
    (request: TesterSeedRequest) => {
      setTesterSeed({ request, seq: nextSeq() });
      open({ kind: 'tester' });
    },
    [open],
  );

  const openSuite = useCallback(
    (suiteId: string, caseName?: string) => {
      setSuiteSeed({ suiteId, caseName, seq: nextSeq() });
      open({ kind: 'lab' });
    },
    [open],
  );
  const suiteSeedShown = useCallback((seq: number) => setSuiteSeed((seed) => (seed?.seq === seq ? undefined : seed)), []);

  const value = useMemo(
    () => ({ tabs, activeKey, workspace, open, close, requestClose, pendingClose, confirmClose, cancelClose, dirty, setDirty, replace, testerSeed, tryApi, replayInTester, suiteSeed, openSuite, suiteSeedShown }),
    [tabs, activeKey, workspace, open, close, requestClose, pendingClose, confirmClose, cancelClose, dirty, setDirty, replace, testerSeed, tryApi, replayInTester, suiteSeed, openSuite, suiteSeedShown],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useNav(): Nav {
  const value = useContext(Ctx);
  if (!value) throw new Error('useNav must be used inside <NavProvider>');
  return value;
}
