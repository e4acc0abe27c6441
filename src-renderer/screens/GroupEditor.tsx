/** An API group: name, domains, default flag; its APIs and gateway response sets. */
import { useState } from 'react';
import type { ApiGroup } from '../../src-shared/model';
import { EditorHead } from '../components/EditorHead';
import { ErrorNote } from '../components/ErrorNote';
import { ExternalChangeNote } from '../components/ExternalChangeNote';
import { Field } from '../components/Field';
import { MethodBadge } from '../components/MethodBadge';
import { Section } from '../components/Section';
import { useShortcuts } from '../lib/shortcuts';
import { useRemoveAction, useSaveAction } from '../lib/entityActions';
import { useAction } from '../lib/useAction';
import { nextSeq, useNav } from '../state/NavContext';
import { useStoredDraft, useStoredDraftReader, useTabDirty } from '../state/useTabDraft';
import { useTabActive } from '../state/TabActive';
import { useWorkspace } from '../state/WorkspaceContext';
import { useExternalChange } from '../state/useExternalChange';

/** Where this editor's unsaved edits are kept across a reload (useStoredDraft). */
const GROUP_DRAFT = 'group';

type GroupDraft = Pick<ApiGroup, 'name' | 'description' | 'domains' | 'isDefault'>;

export function GroupEditor({ groupId, tabKey }: { groupId?: string; tabKey: string }) {
  const ws = useWorkspace();
  const nav = useNav();
  const active = useTabActive();
  const listed = ws.groups.find((g) => g.id === groupId);
  const fromSaved = (g: ApiGroup): GroupDraft => ({ name: g.name, description: g.description, domains: [...g.domains], isDefault: g.isDefault });
  // What this editor last loaded or saved: edits are compared with it, and a change made elsewhere
  // never silently replaces unsaved edits (useExternalChange reports it instead).
  const [saved, setSaved] = useState<ApiGroup | undefined>(listed);
  // Unsaved edits from before a reload win over the saved group (they still show as unsaved).
  const readStored = useStoredDraftReader(tabKey);
  const [draft, setDraft] = useState<GroupDraft>(() => readStored<GroupDraft>(GROUP_DRAFT) ?? (listed ? fromSaved(listed) : { name: '', description: '', domains: [], isDefault: false }));
  const [domainsText, setDomainsText] = useState(draft.domains.join('\n'));
  const load = (g: ApiGroup) => {
    setSaved(g);
    setDraft(fromSaved(g));
    setDomainsText(g.domains.join('\n'));
  };
  // The explorer's list may arrive after the tab opened: its group is the starting point, once
  // (adjusted while rendering, as React advises for state that follows a prop).
  if (!saved && listed) {
    if (readStored<GroupDraft>(GROUP_DRAFT)) setSaved(listed);
    else load(listed);
  }

  const current: GroupDraft = { ...draft, domains: domainsText.split(/\s+/).filter(Boolean) };
  const dirty = !saved || JSON.stringify(fromSaved(saved)) !== JSON.stringify(current);
  // The tab asks before closing once something was typed (a new, untouched group has nothing to lose).
  const worthKeeping = dirty && (!!saved || !!current.name || !!current.description || current.domains.length > 0);
  useTabDirty(tabKey, worthKeeping);
  useStoredDraft(tabKey, GROUP_DRAFT, current, worthKeeping);
  const external = useExternalChange({
    entity: 'group',
    id: saved?.id,
    saved,
    fetchLatest: (id) => ws.api.getGroup({ id }),
    same: (a, b) => a.updatedAt === b.updatedAt,
    dirty,
    load,
  });
  const save = useSaveAction(saved, {
    create: () => ws.api.createGroup({ input: current }),
    update: (id) => ws.api.updateGroup({ id, patch: current }),
    done: (g, created) => {
      load(g);
      if (created) nav.replace(tabKey, { kind: 'group', id: g.id });
    },
  });
  const remove = useRemoveAction(saved, {
    what: 'group',
    remove: (id) => ws.api.removeGroup({ id }),
    done: () => nav.close(tabKey),
  });
  const newSet = useAction(async () => {
    if (!saved) return;
    const existing = new Set(ws.responseSets.map((s) => s.name));
    let n = 1;
    while (existing.has(`${saved.name}_responses_${n}`)) n++;
    const set = await ws.api.createResponseSet({ input: { groupId: saved.id, name: `${saved.name}_responses_${n}` } });
    nav.open({ kind: 'response-set', id: set.id });
  });
  useShortcuts({ s: () => dirty && void save.run() }, active);
  const e = save.errors.fields;
  const apis = saved ? ws.apis.filter((a) => a.api.groupId === saved.id) : [];
  const sets = saved ? ws.responseSets.filter((s) => s.groupId === saved.id) : [];

  return (
    <div className="screen" data-testid="group-editor">
      <EditorHead title={<>{current.name || 'New group'} </>} dirty={dirty} save={save} remove={saved && remove} saveLabel={saved ? 'Save' : 'Create group'} unsavedBadge={dirty && !!saved} />
      <ExternalChangeNote change={external.change} what="This group" onLoad={external.loadLatest} onDismiss={external.dismiss} onClose={() => nav.close(tabKey)} />
      <ErrorNote errors={save.errors} shownFields={['name', 'description', 'domains', 'isDefault']} />
      <ErrorNote errors={remove.errors} />
      <Section title="Group">
        <div className="form">
          <Field label="Name" error={e.name}>
            <input value={draft.name} onChange={(ev) => setDraft({ ...draft, name: ev.target.value })} data-testid="group-name" autoFocus={!saved} />
          </Field>
          <Field label="Description" error={e.description}>
            <input value={draft.description} onChange={(ev) => setDraft({ ...draft, description: ev.target.value })} data-testid="group-description" />
          </Field>
          <Field label="Domains" error={e.domains ?? Object.entries(e).find(([k]) => k.startsWith('domains['))?.[1]} hint="One per line; requests are routed to this group by their Host">
            <textarea rows={3} value={domainsText} onChange={(ev) => setDomainsText(ev.target.value)} />
          </Field>
          <label className="check">
            <input type="checkbox" checked={draft.isDefault} onChange={(ev) => setDraft({ ...draft, isDefault: ev.target.checked })} /> Default group (gets requests whose Host matches no domain)
          </label>
        </div>
      </Section>
      {saved && (
        <>
          <Section
            title={`APIs (${apis.length})`}
            actions={
              <button className="btn small" onClick={() => nav.open({ kind: 'new-api', groupId: saved.id, seq: nextSeq() })}>
                + New API
              </button>
            }
          >
            {apis.length === 0 ? (
              <div className="muted">No APIs in this group yet.</div>
            ) : (
              <table className="grid">
                <tbody>
                  {apis.slice(0, 200).map(({ api, publications }) => (
                    <tr key={api.id} onClick={() => nav.open({ kind: 'api', id: api.id })} style={{ cursor: 'pointer' }}>
                      <td style={{ width: 60 }}>
                        <MethodBadge method={api.method} />
                      </td>
                      <td>{api.name}</td>
                      <td className="mono">{api.path}</td>
                      <td>{publications.map((p) => <span key={p.envId} className="badge ok">{p.envName}</span>)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Section>
          <Section
            title="Gateway responses"
            actions={
              <button className="btn small" onClick={() => void newSet.run()} disabled={newSet.busy}>
                + New response set
              </button>
            }
          >
            <ErrorNote errors={newSet.errors} />
            {sets.map((s) => (
              <div key={s.id} className="tree-item" onClick={() => nav.open({ kind: 'response-set', id: s.id })}>
                <span className="label">{s.name}</span>
                {s.isDefault && <span className="badge">default</span>}
                <span className="sub">{Object.keys(s.responses).length} customised</span>
              </div>
            ))}
          </Section>
        </>
      )}
    </div>
  );
}
