/** Explorer sections for apps and policies; each item opens the Credentials or Policies tab on it. */
import { useWorkspace } from '../state/WorkspaceContext';
import { useNav } from '../state/NavContext';
import { appSelection } from '../screens/credentials/selectionStore';
import { policySelection, type PolicyScreenKind } from '../screens/policies/policyKinds';
import { ENTITIES, useLiveList } from '../screens/policies/useLiveList';
import { ExplorerSection } from './ExplorerSection';

export function AppsSection() {
  const ws = useWorkspace();
  const nav = useNav();
  const apps = useLiveList(() => ws.api.listApps(), ENTITIES.apps);
  const selected = appSelection.use();
  const open = (id: string | undefined) => {
    appSelection.set(id);
    nav.open({ kind: 'credentials' });
  };
  return (
    <ExplorerSection
      title="Apps"
      count={apps.items.length}
      onAdd={() => open('new')}
      addLabel="New app"
      empty={
        <span>
          No apps. Apps sign requests to APIs with APP authentication.{' '}
          <a href="#" onClick={(e) => (e.preventDefault(), open(undefined))} data-testid="open-credentials">
            Credentials and IAM tokens
          </a>
        </span>
      }
      testId="section-apps"
    >
      {apps.items.map((a) => (
        <div key={a.id} className={`tree-item${nav.activeKey === 'credentials' && selected === a.id ? ' active' : ''}`} onClick={() => open(a.id)} data-testid="app-item">
          <span className="label">{a.name}</span>
          <span className="sub">{a.appCodes.length ? `${a.appCodes.length} codes` : 'app'}</span>
        </div>
      ))}
      <div className="tree-item" onClick={() => open(undefined)} data-testid="open-credentials">
        <span className="label muted">IAM tokens…</span>
      </div>
    </ExplorerSection>
  );
}

export function PoliciesSection() {
  const ws = useWorkspace();
  const nav = useNav();
  const throttles = useLiveList(() => ws.api.listThrottles(), ENTITIES.throttles);
  const acls = useLiveList(() => ws.api.listAccessControls(), ENTITIES.accessControls);
  const plugins = useLiveList(() => ws.api.listPlugins(), ENTITIES.plugins);
  const rules = useLiveList(() => ws.api.listOrchestrations(), ENTITIES.orchestrations);
  const selected = policySelection.use();
  const open = (kind: PolicyScreenKind, id?: string) => {
    policySelection.set({ kind, id });
    nav.open({ kind: 'policies' });
  };
  const items: { kind: PolicyScreenKind; id: string; name: string; sub: string }[] = [
    ...throttles.items.map((t) => ({ kind: 'throttle' as const, id: t.id, name: t.name, sub: 'throttling' })),
    ...acls.items.map((a) => ({ kind: 'acl' as const, id: a.id, name: a.name, sub: 'access control' })),
    ...plugins.items.map((p) => ({ kind: 'plugin' as const, id: p.id, name: p.name, sub: p.type })),
    ...rules.items.map((r) => ({ kind: 'orchestration' as const, id: r.id, name: r.name, sub: 'orchestration' })),
  ];
  return (
    <ExplorerSection
      title="Policies"
      count={items.length}
      onAdd={() => open(selected.kind, 'new')}
      addLabel="New policy"
      empty={
        <span>
          No policies. Throttling, access control, plug-ins and orchestration rules —{' '}
          <a href="#" onClick={(e) => (e.preventDefault(), open('throttle', 'new'))} data-testid="open-policies">
            create one
          </a>
          .
        </span>
      }
      testId="section-policies"
    >
      {items.map((p) => (
        <div
          key={`${p.kind}:${p.id}`}
          className={`tree-item${nav.activeKey === 'policies' && selected.id === p.id ? ' active' : ''}`}
          onClick={() => open(p.kind, p.id)}
          data-testid="policy-item"
        >
          <span className="label">{p.name}</span>
          <span className="sub">{p.sub}</span>
        </div>
      ))}
    </ExplorerSection>
  );
}
