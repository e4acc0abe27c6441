/**
 * Policies: throttling, access control, plug-ins and orchestration rules. A kind picker, the policies
 * of that kind on the left, the selected one's editor and its bindings (API × environment) on the right.
 */
import type { ReactNode } from 'react';
import type { PolicyKind } from '../../../src-shared/model';
import { InlineError } from '../../components/ErrorNote';
import { useWorkspace } from '../../state/WorkspaceContext';
import { AccessControlEditor } from './AccessControlEditor';
import { BindingsCard } from './BindingsCard';
import { OrchestrationEditor } from './OrchestrationEditor';
import { PluginEditor } from './PluginEditor';
import { POLICY_SCREEN_KINDS, policySelection, type PolicyScreenKind } from './policyKinds';
import { ThrottleEditor } from './ThrottleEditor';
import { ENTITIES, useLiveList, type LiveList } from './useLiveList';

interface Listed {
  id: string;
  name: string;
  sub: string;
}

export function PoliciesScreen() {
  const ws = useWorkspace();
  const selection = policySelection.use();
  const throttles = useLiveList(() => ws.api.listThrottles(), ENTITIES.throttles);
  const acls = useLiveList(() => ws.api.listAccessControls(), ENTITIES.accessControls);
  const plugins = useLiveList(() => ws.api.listPlugins(), ENTITIES.plugins);
  const rules = useLiveList(() => ws.api.listOrchestrations(), ENTITIES.orchestrations);
  const bindings = useLiveList(() => ws.api.listPolicyBindings(), ENTITIES.bindings);
  const apps = useLiveList(() => ws.api.listApps(), ENTITIES.apps);

  const kind = selection.kind;
  const boundCount = (k: PolicyKind, id: string) => bindings.items.filter((b) => b.kind === k && b.policyId === id).length;
  const lists: Record<PolicyScreenKind, { live: LiveList<unknown>; items: Listed[] }> = {
    throttle: {
      live: throttles,
      items: throttles.items.map((t) => ({ id: t.id, name: t.name, sub: `${t.apiCallLimits}/${t.timeInterval} ${t.timeUnit.toLowerCase()} · ${boundCount('throttle', t.id)} bound` })),
    },
    acl: {
      live: acls,
      items: acls.items.map((a) => ({ id: a.id, name: a.name, sub: `${a.aclType === 'PERMIT' ? 'allow' : 'deny'} ${a.entityType} · ${boundCount('acl', a.id)} bound` })),
    },
    plugin: { live: plugins, items: plugins.items.map((p) => ({ id: p.id, name: p.name, sub: `${p.type} · ${boundCount('plugin', p.id)} bound` })) },
    orchestration: { live: rules, items: rules.items.map((r) => ({ id: r.id, name: r.name, sub: r.strategy })) },
  };
  const current = lists[kind];
  const select = (id?: string) => policySelection.set({ kind, id });
  const removed = () => select(undefined);
  const isNew = selection.id === 'new';
  const id = isNew ? undefined : selection.id;

  let editor: ReactNode = null;
  if (kind === 'throttle') {
    const policy = throttles.items.find((t) => t.id === id);
    if (policy || isNew) editor = <ThrottleEditor key={id ?? 'new'} policy={policy} apps={apps.items} onSaved={(p) => (throttles.put(p), select(p.id))} onRemoved={removed} />;
  } else if (kind === 'acl') {
    const policy = acls.items.find((a) => a.id === id);
    if (policy || isNew) editor = <AccessControlEditor key={id ?? 'new'} policy={policy} onSaved={(p) => (acls.put(p), select(p.id))} onRemoved={removed} />;
  } else if (kind === 'plugin') {
    const plugin = plugins.items.find((p) => p.id === id);
    if (plugin || isNew) editor = <PluginEditor key={id ?? 'new'} plugin={plugin} onSaved={(p) => (plugins.put(p), select(p.id))} onRemoved={removed} />;
  } else {
    const rule = rules.items.find((r) => r.id === id);
    if (rule || isNew) editor = <OrchestrationEditor key={id ?? 'new'} rule={rule} onSaved={(r) => (rules.put(r), select(r.id))} onRemoved={removed} />;
  }
  const bindable = kind !== 'orchestration' && id && current.items.some((p) => p.id === id);
  const meta = POLICY_SCREEN_KINDS.find((k) => k.kind === kind)!;

  return (
    <div className="screen" data-testid="policies">
      <div className="screen-head">
        <h1>Policies</h1>
        <div className="segmented" role="tablist" aria-label="Policy kind">
          {POLICY_SCREEN_KINDS.map((k) => (
            <button key={k.kind} className={k.kind === kind ? 'on' : ''} onClick={() => policySelection.set({ kind: k.kind })} data-testid={`policy-kind-${k.kind}`}>
              {k.title} ({lists[k.kind].items.length})
            </button>
          ))}
        </div>
        <button className="btn primary" onClick={() => select('new')} data-testid="new-policy">
          New {meta.one}
        </button>
      </div>
      <InlineError error={current.live.error ?? bindings.error} />
      <div className="master-detail">
        <div className="master-list" data-testid="policy-list">
          <div className="master-title">{meta.title}</div>
          {current.items.length === 0 && <div className="muted" style={{ padding: 8 }}>None yet.</div>}
          {current.items.map((p) => (
            <button key={p.id} className={`master-item${p.id === selection.id ? ' on' : ''}`} onClick={() => select(p.id)} data-testid="policy-list-item">
              <span className="label">{p.name}</span>
              <span className="sub">{p.sub}</span>
            </button>
          ))}
        </div>
        <div className="stack">
          {editor ?? <div className="muted">Pick a {meta.one} on the left, or create one.</div>}
          {bindable && <BindingsCard kind={kind as PolicyKind} policyId={id!} bindings={bindings.items} />}
        </div>
      </div>
    </div>
  );
}
