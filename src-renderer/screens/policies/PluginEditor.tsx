/**
 * A plug-in. set_resp_headers (the one the local gateway applies) is edited as a table of header
 * rules; the other types as their JSON content (kept for export, not emulated locally).
 */
import { PLUGIN_TYPES, type Plugin, type PluginType } from '../../../src-shared/model';
import { RESP_HEADER_ACTIONS, type RespHeaderAction } from '../../../src-shared/rules/policies';
import { Field } from '../../components/Field';
import { useRemoveAction, useSaveAction } from '../../lib/entityActions';
import { useWorkspace } from '../../state/WorkspaceContext';
import { EditorFrame } from '../../components/EditorFrame';
import { EditableTable } from '../../components/EditableTable';
import { useFormDraft } from '../../state/useFormDraft';
import { messagesUnder } from '../../lib/errors';

interface HeaderRule {
  name: string;
  value: string;
  action: RespHeaderAction;
}

interface Draft {
  name: string;
  type: PluginType;
  /** set_resp_headers: the rules; content is rebuilt from them. */
  rules: HeaderRule[];
  /** Other types: the JSON text as typed. */
  content: string;
  remark: string;
}

const DEFAULT_CONTENT: Partial<Record<PluginType, string>> = {
  cors: '{\n  "allow_origin": "*",\n  "allow_methods": "GET,POST",\n  "allow_headers": "",\n  "expose_headers": "",\n  "max_age": 86400,\n  "allow_credentials": false\n}',
};

/** Rules read from stored content; unreadable content gives no rules (the raw text is still saved as is). */
function rulesOf(content: string): HeaderRule[] {
  try {
    const parsed = JSON.parse(content) as { response_headers?: HeaderRule[] };
    return Array.isArray(parsed.response_headers) ? parsed.response_headers.map((r) => ({ name: r.name ?? '', value: r.value ?? '', action: r.action ?? 'override' })) : [];
  } catch {
    return [];
  }
}

const fromPlugin = (p?: Plugin): Draft => ({
  name: p?.name ?? '',
  type: p?.type ?? 'set_resp_headers',
  rules: p && p.type === 'set_resp_headers' ? rulesOf(p.content) : [{ name: 'X-Served-By', value: 'apig-workbench', action: 'override' }],
  content: p?.content ?? '{}',
  remark: p?.remark ?? '',
});

export function contentOf(d: Pick<Draft, 'type' | 'rules' | 'content'>): string {
  return d.type === 'set_resp_headers' ? JSON.stringify({ response_headers: d.rules }) : d.content;
}

const ACTION_HELP: Record<RespHeaderAction, string> = {
  override: 'replace the value (add when absent)',
  append: 'append to the value, comma-separated',
  delete: 'remove the header',
  skip: "keep the backend's value, add when absent",
  add: 'add another line, even when present',
};

export function PluginEditor({ plugin, onSaved, onRemoved }: { plugin?: Plugin; onSaved(p: Plugin): void; onRemoved(): void }) {
  const ws = useWorkspace();
  const { draft, setDraft, dirty } = useFormDraft(plugin, fromPlugin);
  const input = () => ({ name: draft.name.trim(), type: draft.type, content: contentOf(draft), remark: draft.remark });
  const save = useSaveAction(plugin, {
    create: () => ws.api.createPlugin({ input: input() }),
    update: (id) => ws.api.updatePlugin({ id, patch: input() }),
    done: onSaved,
  });
  const remove = useRemoveAction(plugin, {
    what: 'plug-in',
    remove: (id) => ws.api.removePlugin({ id }),
    done: onRemoved,
  });
  const e = save.errors.fields;
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const ruleFields = draft.rules.flatMap((_, i) => ['name', 'value', 'action'].map((f) => `content.response_headers[${i}].${f}`));

  return (
    <EditorFrame
      title={plugin ? `Plug-in ${plugin.name}` : 'New plug-in'}
      isNew={!plugin}
      dirty={dirty}
      save={save}
      remove={remove}
      shownFields={['name', 'type', 'remark', ...Object.keys(e).filter((k) => k.startsWith('content')), ...ruleFields]}
      testId="plugin-editor"
    >
      <div className="form">
        <Field label="Name" error={e.name}>
          <input value={draft.name} onChange={(ev) => set({ name: ev.target.value })} data-testid="policy-name" />
        </Field>
        <Field label="Type" error={e.type} hint={plugin ? 'Fixed after creation' : draft.type === 'set_resp_headers' ? 'Applied by the local gateway' : 'Kept for export; not emulated locally'}>
          <select value={draft.type} disabled={!!plugin} onChange={(ev) => {
            const type = ev.target.value as PluginType;
            set({ type, content: DEFAULT_CONTENT[type] ?? '{}' });
          }} data-testid="plugin-type">
            {PLUGIN_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Remark" error={e.remark}>
          <input value={draft.remark} onChange={(ev) => set({ remark: ev.target.value })} />
        </Field>
      </div>
      {draft.type === 'set_resp_headers' ? (
        <div className="stack" style={{ gap: 6 }}>
          <div className="row">
            <h4 className="grow">Response headers ({draft.rules.length}/10)</h4>
            <button className="btn small" onClick={() => set({ rules: [...draft.rules, { name: '', value: '', action: 'override' }] })} data-testid="add-header-rule">
              + Add header
            </button>
          </div>
          {(e.content || e['content.response_headers']) && <div className="field-error">{e.content ?? e['content.response_headers']}</div>}
          <EditableTable
            rows={draft.rules}
            onChange={(rules) => set({ rules })}
            errorAt={(i) => messagesUnder(e, `content.response_headers[${i}]`, { labelled: true })}
            rowTestId="header-rule"
            removeWidth={30}
            columns={[
              { header: 'Header', cell: (r, setRule, i) => <input className="mono" value={r.name} onChange={(ev) => setRule({ name: ev.target.value })} aria-label={`Header ${i + 1}`} /> },
              {
                header: 'Value',
                cell: (r, setRule, i) => <input className="mono" value={r.value} disabled={r.action === 'delete'} onChange={(ev) => setRule({ value: ev.target.value })} aria-label={`Header value ${i + 1}`} />,
              },
              {
                header: 'Action',
                width: 260,
                cell: (r, setRule) => (
                  <select value={r.action} onChange={(ev) => setRule({ action: ev.target.value as RespHeaderAction })} title={ACTION_HELP[r.action]}>
                    {RESP_HEADER_ACTIONS.map((a) => (
                      <option key={a} value={a}>
                        {a} — {ACTION_HELP[a]}
                      </option>
                    ))}
                  </select>
                ),
              },
            ]}
          />
        </div>
      ) : (
        <Field label="Content (JSON)" error={Object.entries(e).filter(([k]) => k.startsWith('content')).map(([, v]) => v).join('; ') || undefined} wide>
          <textarea rows={10} value={draft.content} onChange={(ev) => set({ content: ev.target.value })} data-testid="plugin-content" />
        </Field>
      )}
    </EditorFrame>
  );
}
