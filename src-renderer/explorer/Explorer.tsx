/** The left sidebar: every kind of workspace object, each opening its editor in a tab. */
import { useWorkspace } from '../state/WorkspaceContext';
import { nextSeq, useNav } from '../state/NavContext';
import { ExplorerSection } from './ExplorerSection';
import { ApiList } from './ApiList';
import { AppsSection, PoliciesSection } from './CredentialsPolicySections';

export function Explorer() {
  const ws = useWorkspace();
  const nav = useNav();
  const active = nav.activeKey;
  const item = (key: string, label: string, sub: string | undefined, open: () => void, testId?: string) => (
    <div key={key} className={`tree-item${active === key ? ' active' : ''}`} onClick={open} data-testid={testId}>
      <span className="label">{label}</span>
      {sub && <span className="sub">{sub}</span>}
    </div>
  );
  const groupName = (id: string) => ws.groups.find((g) => g.id === id)?.name ?? '?';

  return (
    <div className="explorer" data-testid="explorer">
      <ExplorerSection
        title="API groups"
        count={ws.groups.length}
        onAdd={() => nav.open({ kind: 'new-group', seq: nextSeq() })}
        addLabel="New group"
        empty="No groups yet. A group holds APIs; create one with +, or import a definition file."
        testId="section-groups"
      >
        {ws.groups.map((g) => item(`group:${g.id}`, g.name, g.isDefault ? 'default' : g.domains[0], () => nav.open({ kind: 'group', id: g.id })))}
      </ExplorerSection>

      <ExplorerSection
        title="APIs"
        count={ws.apis.length}
        onAdd={() => nav.open({ kind: 'new-api', seq: nextSeq() })}
        addLabel="New API"
        empty={ws.groups.length ? 'No APIs yet. Create one with + or import a definition.' : 'Create a group first; APIs live in groups.'}
        testId="section-apis"
      >
        <ApiList />
      </ExplorerSection>

      <ExplorerSection
        title="Authorizers"
        count={ws.authorizers.length}
        onAdd={() => nav.open({ kind: 'new-authorizer', seq: nextSeq() })}
        addLabel="New authorizer"
        empty="No custom authorizers. Add one to run a function before your backend."
        testId="section-authorizers"
      >
        {ws.authorizers.map((a) => item(`authorizer:${a.id}`, a.name, a.type.toLowerCase(), () => nav.open({ kind: 'authorizer', id: a.id }), 'authorizer-item'))}
      </ExplorerSection>

      <ExplorerSection
        title="Functions"
        count={ws.functions.length}
        onAdd={() => nav.open({ kind: 'new-function', seq: nextSeq() })}
        addLabel="New function"
        empty="No local functions. They stand in for FunctionGraph: authorizers and FUNCTION backends run them."
        testId="section-functions"
      >
        {ws.functions.map((f) => item(`function:${f.id}`, f.name, f.runtime, () => nav.open({ kind: 'function', id: f.id }), 'function-item'))}
      </ExplorerSection>

      <AppsSection />
      <PoliciesSection />

      <ExplorerSection title="Environments" count={ws.environments.length} onAdd={() => nav.open({ kind: 'environments' })} addLabel="Manage environments" empty="" testId="section-environments">
        {ws.environments.map((e) =>
          item(`env:${e.id}`, e.name, `${ws.variables.filter((v) => v.envId === e.id).length} variables`, () => nav.open({ kind: 'environments' })),
        )}
      </ExplorerSection>

      <ExplorerSection
        title="Gateway responses"
        count={ws.responseSets.length}
        empty="Each group gets a default set of gateway responses; customise them from the group."
        testId="section-responses"
        defaultOpen={false}
      >
        {ws.responseSets.map((s) => item(`response-set:${s.id}`, s.name, groupName(s.groupId), () => nav.open({ kind: 'response-set', id: s.id })))}
      </ExplorerSection>
    </div>
  );
}
