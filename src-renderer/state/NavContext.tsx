/** Opening, focusing and closing tabs, from anywhere in the tree. */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { tabKey, type TabSpec } from './tabs';

export interface OpenTab {
  key: string;
  spec: TabSpec;
}

export interface Nav {
  tabs: OpenTab[];
  activeKey?: string;
  open(spec: TabSpec): void;
  close(key: string): void;
  /** Replaces a tab in place (a "new API" tab becomes the saved API's tab). */
  replace(key: string, spec: TabSpec): void;
  /** Tester requests pre-filled from elsewhere (an API's "Try it"). */
  testerSeed?: { apiId: string; seq: number };
  tryApi(apiId: string): void;
}

const Ctx = createContext<Nav | null>(null);
let seq = 0;
export const nextSeq = () => ++seq;

export function NavProvider({ children }: { children: ReactNode }) {
  const [tabs, setTabs] = useState<OpenTab[]>([{ key: 'welcome', spec: { kind: 'welcome' } }]);
  const [activeKey, setActiveKey] = useState<string | undefined>('welcome');
  const [testerSeed, setTesterSeed] = useState<{ apiId: string; seq: number }>();

  const open = useCallback((spec: TabSpec) => {
    const key = tabKey(spec);
    setTabs((list) => (list.some((t) => t.key === key) ? list : [...list, { key, spec }]));
    setActiveKey(key);
  }, []);

  const close = useCallback((key: string) => {
    setTabs((list) => {
      const at = list.findIndex((t) => t.key === key);
      const next = list.filter((t) => t.key !== key);
      setActiveKey((active) => (active === key ? next[Math.min(at, next.length - 1)]?.key : active));
      return next;
    });
  }, []);

  const replace = useCallback((key: string, spec: TabSpec) => {
    const newKey = tabKey(spec);
    setTabs((list) => {
      const without = list.filter((t) => t.key !== newKey || t.key === key);
      return without.map((t) => (t.key === key ? { key: newKey, spec } : t));
    });
    setActiveKey((active) => (active === key ? newKey : active));
  }, []);

  const tryApi = useCallback(
    (apiId: string) => {
      setTesterSeed({ apiId, seq: nextSeq() });
      open({ kind: 'tester' });
    },
    [open],
  );

  const value = useMemo(() => ({ tabs, activeKey, open, close, replace, testerSeed, tryApi }), [tabs, activeKey, open, close, replace, testerSeed, tryApi]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useNav(): Nav {
  const value = useContext(Ctx);
  if (!value) throw new Error('useNav must be used inside <NavProvider>');
  return value;
}
