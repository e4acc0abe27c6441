import { describe, expect, it } from 'vitest';
import { mergeTabsOpenedWhileLoading, tabKey, type TabSpec } from '../../src-renderer/state/tabs';

const tab = (spec: TabSpec) => ({ key: tabKey(spec), spec });
const welcome = tab({ kind: 'welcome' });

describe('tabs restored when the workspace has loaded', () => {
  it('with nothing opened while loading, the stored tabs and their active tab come back as they were', () => {
    const restored = { tabs: [tab({ kind: 'api', id: 'a1' }), tab({ kind: 'gateway' })], active: 'gateway' };
    expect(mergeTabsOpenedWhileLoading(restored, { tabs: [welcome], active: 'welcome' })).toEqual(restored);
  });

  it('a tab opened while loading is added after the stored ones and stays active', () => {
    const restored = { tabs: [tab({ kind: 'api', id: 'a1' })], active: 'api:a1' };
    const merged = mergeTabsOpenedWhileLoading(restored, { tabs: [welcome, tab({ kind: 'definition' })], active: 'definition' });
    expect(merged.tabs.map((t) => t.key)).toEqual(['api:a1', 'definition']);
    expect(merged.active).toBe('definition');
  });

  it('a tab that was also stored is not doubled', () => {
    const restored = { tabs: [tab({ kind: 'welcome' }), tab({ kind: 'definition' })], active: 'welcome' };
    const merged = mergeTabsOpenedWhileLoading(restored, { tabs: [welcome, tab({ kind: 'definition' })], active: 'definition' });
    expect(merged.tabs.map((t) => t.key)).toEqual(['welcome', 'definition']);
    expect(merged.active).toBe('definition');
  });
});
