/** The open tabs, titled from the live workspace data (a rename shows at once). */
import { useNav } from '../state/NavContext';
import { useWorkspace, type WorkspaceState } from '../state/WorkspaceContext';
import type { TabSpec } from '../state/tabs';

export function tabTitle(spec: TabSpec, ws: WorkspaceState): string {
  switch (spec.kind) {
    case 'welcome':
      return 'Start';
    case 'api': {
      const api = ws.apis.find((a) => a.api.id === spec.id)?.api;
      return api ? `${api.method} ${api.name}` : 'API';
    }
    case 'new-api':
      return 'New API';
    case 'group':
      return ws.groups.find((g) => g.id === spec.id)?.name ?? 'Group';
    case 'new-group':
      return 'New group';
    case 'authorizer':
      return ws.authorizers.find((a) => a.id === spec.id)?.name ?? 'Authorizer';
    case 'new-authorizer':
      return 'New authorizer';
    case 'function':
      return ws.functions.find((f) => f.id === spec.id)?.name ?? 'Function';
    case 'new-function':
      return 'New function';
    case 'environments':
      return 'Environments';
    case 'response-set':
    {
      // Every group has a set named "default": say whose it is.
      const set = ws.responseSets.find((s) => s.id === spec.id);
      const group = set && ws.groups.find((g) => g.id === set.groupId);
      return set ? `Responses ${set.name}${set.isDefault && group ? ` (${group.name})` : ''}` : 'Gateway responses';
    }
    case 'definition':
      return 'Import definition';
    case 'export':
      return 'Export';
    case 'deploy':
      return 'Deploy';
    case 'tester':
      return 'Request tester';
    case 'gateway':
      return 'Gateway';
    case 'lab':
      return 'Authorizer lab';
    case 'credentials':
      return 'Credentials';
    case 'policies':
      return 'Policies';
    case 'trace':
      return `Trace ${spec.id.slice(0, 8)}`;
  }
}

export function TabBar() {
  const nav = useNav();
  const ws = useWorkspace();
  return (
    <div className="tabbar" role="tablist">
      {nav.tabs.map((tab) => (
        <div
          key={tab.key}
          role="tab"
          aria-selected={tab.key === nav.activeKey}
          className={`tab${tab.key === nav.activeKey ? ' active' : ''}`}
          onClick={() => nav.open(tab.spec)}
          onAuxClick={(e) => e.button === 1 && nav.close(tab.key)}
        >
          <span className="title">{tabTitle(tab.spec, ws)}</span>
          <button
            className="close"
            aria-label="Close tab"
            onClick={(e) => {
              e.stopPropagation();
              nav.close(tab.key);
            }}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
