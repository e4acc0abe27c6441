/** The main pane's tabs: what each tab shows, and a stable key so opening twice focuses the first. */

export type TabSpec =
  | { kind: 'welcome' }
  | { kind: 'api'; id: string }
  | { kind: 'new-api'; groupId?: string; seq: number }
  | { kind: 'group'; id: string }
  | { kind: 'new-group'; seq: number }
  | { kind: 'authorizer'; id: string }
  | { kind: 'new-authorizer'; seq: number }
  | { kind: 'function'; id: string }
  | { kind: 'new-function'; seq: number }
  | { kind: 'environments' }
  | { kind: 'response-set'; id: string }
  | { kind: 'definition' }
  | { kind: 'export' }
  /** Deploy a group to a real APIG instance (plan, apply, verify). */
  | { kind: 'deploy' }
  /** The request tester; `seq` for each further tester tab (the first has none and takes "Try it" seeds). */
  | { kind: 'tester'; apiId?: string; seq?: number }
  | { kind: 'gateway' }
  /** Test suites, cache inspector and failure injection (issue 13). */
  | { kind: 'lab' }
  | { kind: 'trace'; id: string }
  /** Apps, AppCodes, authorizations and IAM tokens (one tab; the app shown is picked inside it). */
  | { kind: 'credentials' }
  /** Throttling, access-control, plug-in and orchestration policies (one tab). */
  | { kind: 'policies' };

export function tabKey(tab: TabSpec): string {
  switch (tab.kind) {
    case 'api':
    case 'group':
    case 'authorizer':
    case 'function':
    case 'response-set':
    case 'trace':
      return `${tab.kind}:${tab.id}`;
    case 'new-api':
    case 'new-group':
    case 'new-authorizer':
    case 'new-function':
      return `${tab.kind}:${tab.seq}`;
    case 'tester':
      return tab.seq ? `tester:${tab.seq}` : 'tester';
    default:
      // One tester, one gateway panel, …: opening it again focuses it.
      return tab.kind;
  }
}

export interface TabList<T extends { key: string; spec: TabSpec }> {
  tabs: T[];
  active?: string;
}

/**
 * The tabs once the workspace has loaded: its stored tabs, plus any the user opened while it was
 * loading (a click on "Import" during start-up must not be undone when the stored tabs arrive).
 */
export function mergeTabsOpenedWhileLoading<T extends { key: string; spec: TabSpec }>(restored: TabList<T>, openedWhileLoading: TabList<T>): TabList<T> {
  const opened = openedWhileLoading.tabs.filter((t) => t.spec.kind !== 'welcome');
  if (!opened.length) return restored;
  const known = new Set(restored.tabs.map((t) => t.key));
  return { tabs: [...restored.tabs, ...opened.filter((t) => !known.has(t.key))], active: openedWhileLoading.active };
}
