/**
 * A parameter orchestration rule: maps a request parameter's value (list, range, hash, hash_range,
 * none_value, default, head_n, tail_n) to a new parameter the backend receives. Rules apply where a
 * request parameter names them, so "Used by" attaches the rule to an API's parameter (a draft change:
 * publish the API for the gateway to use it).
 */
import { useState } from 'react';
import { ORCHESTRATION_STRATEGIES, type OrchestrationMapEntry, type OrchestrationRule, type OrchestrationStrategy } from '../../../src-shared/model';
import type { OrchestrationInput } from '../../../src-shared/rules/policies';
import { ErrorNote } from '../../components/ErrorNote';
import { Field } from '../../components/Field';
import { Section } from '../../components/Section';
import { useRemoveAction, useSaveAction } from '../../lib/entityActions';
import { useAction } from '../../lib/useAction';
import { useNav } from '../../state/NavContext';
import { useWorkspace } from '../../state/WorkspaceContext';
import { EditorFrame } from '../../components/EditorFrame';
import { EditableTable } from '../../components/EditableTable';
import { useFormDraft } from '../../state/useFormDraft';
import { messagesUnder } from '../../lib/errors';
import { numberText, requiredNumber } from './policyKinds';

interface EntryDraft {
  list: string;
  start: string;
  end: string;
  value: string;
  length: string;
}

interface Draft {
  name: string;
  strategy: OrchestrationStrategy;
  isPreprocessing: boolean;
  mapped: { name: string; type: 'string' | 'number'; location: 'header' | 'query' };
  entries: EntryDraft[];
}

const STRATEGY_HELP: Record<OrchestrationStrategy, string> = {
  list: 'listed input values → a mapped value',
  range: 'numeric input within a range → a mapped value',
  hash: 'a hash of the input',
  hash_range: 'the hash of the input within a range → a mapped value',
  none_value: 'the parameter is absent → a value',
  default: 'no other rule matched → a value',
  head_n: 'the first N characters',
  tail_n: 'the last N characters',
};

const emptyEntry = (): EntryDraft => ({ list: '', start: '', end: '', value: '', length: '' });

const fromRule = (r?: OrchestrationRule): Draft => ({
  name: r?.name ?? '',
  strategy: r?.strategy ?? 'list',
  isPreprocessing: r?.isPreprocessing ?? false,
  mapped: r?.mappedParam ?? { name: '', type: 'string', location: 'header' },
  entries: (r?.map ?? [{}]).map((m) => ({
    list: (m.mapParamList ?? []).join(', '),
    start: numberText(m.mapParamRange?.rangeStart),
    end: numberText(m.mapParamRange?.rangeEnd),
    value: m.mappedParamValue ?? '',
    length: numberText(m.interceptLength),
  })),
});

function toInput(d: Draft): OrchestrationInput {
  const s = d.strategy;
  const map = d.entries.map((e): OrchestrationMapEntry => {
    const entry: OrchestrationMapEntry = {};
    if (s === 'list') entry.mapParamList = e.list.split(',').map((v) => v.trim()).filter(Boolean);
    if (s === 'range' || s === 'hash_range') entry.mapParamRange = { rangeStart: requiredNumber(e.start), rangeEnd: requiredNumber(e.end) };
    if (s === 'head_n' || s === 'tail_n') entry.interceptLength = requiredNumber(e.length);
    else if (s !== 'hash') entry.mappedParamValue = e.value;
    return entry;
  });
  const terminal = s === 'none_value' || s === 'default';
  const input: OrchestrationInput = { name: d.name.trim(), strategy: s, isPreprocessing: d.isPreprocessing, map };
  if (!d.isPreprocessing || terminal) input.mappedParam = { ...d.mapped, name: d.mapped.name.trim() };
  return input;
}

export function OrchestrationEditor({ rule, onSaved, onRemoved }: { rule?: OrchestrationRule; onSaved(r: OrchestrationRule): void; onRemoved(): void }) {
  const ws = useWorkspace();
  const { draft, setDraft, dirty } = useFormDraft(rule, fromRule);
  const save = useSaveAction(rule, {
    create: () => ws.api.createOrchestration({ input: toInput(draft) }),
    update: (id) => ws.api.updateOrchestration({ id, patch: toInput(draft) }),
    done: onSaved,
  });
  const remove = useRemoveAction(rule, {
    what: 'orchestration rule',
    remove: (id) => ws.api.removeOrchestration({ id }),
    done: onRemoved,
  });
  const e = save.errors.fields;
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const s = draft.strategy;
  const single = s === 'none_value' || s === 'default' || s === 'head_n' || s === 'tail_n';
  const entryFields = Object.keys(e).filter((k) => k.startsWith('map['));

  return (
    <>
      <EditorFrame
        title={rule ? `Orchestration rule ${rule.name}` : 'New orchestration rule'}
        isNew={!rule}
        dirty={dirty}
        save={save}
        remove={remove}
        shownFields={['name', 'strategy', 'isPreprocessing', 'mappedParam', 'mappedParam.name', 'mappedParam.type', 'mappedParam.location', 'map', ...entryFields]}
        testId="orchestration-editor"
      >
        <div className="form">
          <Field label="Name" error={e.name}>
            <input value={draft.name} onChange={(ev) => set({ name: ev.target.value })} data-testid="policy-name" />
          </Field>
          <Field label="Strategy" error={e.strategy} hint={STRATEGY_HELP[s]}>
            <select value={s} onChange={(ev) => set({ strategy: ev.target.value as OrchestrationStrategy, entries: [emptyEntry()] })} data-testid="orchestration-strategy">
              {ORCHESTRATION_STRATEGIES.map((x) => (
                <option key={x}>{x}</option>
              ))}
            </select>
          </Field>
          <Field label="Preprocessing" error={e.isPreprocessing} hint="The output feeds the next rule instead of becoming a parameter">
            <label className="check">
              <input type="checkbox" checked={draft.isPreprocessing} onChange={(ev) => set({ isPreprocessing: ev.target.checked })} /> preprocessing rule
            </label>
          </Field>
          <Field label="Mapped parameter" error={e.mappedParam ?? e['mappedParam.name'] ?? e['mappedParam.type'] ?? e['mappedParam.location']} wide>
            <div className="row nowrap">
              <input className="mono grow" value={draft.mapped.name} disabled={draft.isPreprocessing && s !== 'none_value' && s !== 'default'} onChange={(ev) => set({ mapped: { ...draft.mapped, name: ev.target.value } })} placeholder="x-user-tier" data-testid="mapped-name" />
              <select value={draft.mapped.location} onChange={(ev) => set({ mapped: { ...draft.mapped, location: ev.target.value as 'header' | 'query' } })} aria-label="Mapped parameter location">
                <option value="header">header</option>
                <option value="query">query</option>
              </select>
              <select value={draft.mapped.type} onChange={(ev) => set({ mapped: { ...draft.mapped, type: ev.target.value as 'string' | 'number' } })} aria-label="Mapped parameter type">
                <option value="string">string</option>
                <option value="number">number</option>
              </select>
            </div>
          </Field>
        </div>
        <div className="stack" style={{ gap: 6 }}>
          <div className="row">
            <h4 className="grow">Map</h4>
            {!single && (
              <button className="btn small" onClick={() => set({ entries: [...draft.entries, emptyEntry()] })} data-testid="add-map-entry">
                + Add entry
              </button>
            )}
          </div>
          {e.map && <div className="field-error">{e.map}</div>}
          <EditableTable
            rows={draft.entries}
            onChange={(entries) => set({ entries })}
            errorAt={(i) => messagesUnder(e, `map[${i}]`, { labelled: true })}
            removeWidth={30}
            removable={!single}
            columns={[
              s === 'list' && { header: 'Input values (comma-separated)', cell: (x, setEntry) => <input value={x.list} onChange={(ev) => setEntry({ list: ev.target.value })} placeholder="gold, platinum" /> },
              (s === 'range' || s === 'hash_range') && { header: 'From', cell: (x, setEntry) => <input type="number" value={x.start} onChange={(ev) => setEntry({ start: ev.target.value })} /> },
              (s === 'range' || s === 'hash_range') && { header: 'To', cell: (x, setEntry) => <input type="number" value={x.end} onChange={(ev) => setEntry({ end: ev.target.value })} /> },
              (s === 'head_n' || s === 'tail_n') && { header: 'Characters', cell: (x, setEntry) => <input type="number" min={1} value={x.length} onChange={(ev) => setEntry({ length: ev.target.value })} /> },
              s !== 'hash' && s !== 'head_n' && s !== 'tail_n' && { header: 'Mapped value', cell: (x, setEntry) => <input value={x.value} onChange={(ev) => setEntry({ value: ev.target.value })} /> },
            ]}
          />
        </div>
      </EditorFrame>
      {rule && <OrchestrationUsage rule={rule} />}
    </>
  );
}

/** The API request parameters that name the rule; attach it to another parameter, or detach it. */
function OrchestrationUsage({ rule }: { rule: OrchestrationRule }) {
  const ws = useWorkspace();
  const nav = useNav();
  const [apiId, setApiId] = useState('');
  const [param, setParam] = useState('');
  const users = ws.apis.flatMap(({ api }) => api.requestParams.filter((p) => p.orchestrations?.includes(rule.name)).map((p) => ({ api, param: p.name })));
  const picked = ws.apis.find((a) => a.api.id === apiId)?.api;

  const setRules = async (id: string, paramName: string, edit: (names: string[]) => string[]) => {
    const api = await ws.api.getApi({ id });
    const requestParams = api.requestParams.map((p) => (p.name === paramName ? { ...p, orchestrations: edit(p.orchestrations ?? []) } : p));
    await ws.api.updateApi({ id, patch: { requestParams } });
  };
  const attach = useAction(() => setRules(apiId, param, (names) => (names.includes(rule.name) ? names : [...names, rule.name])));
  const detach = useAction((id: string, paramName: string) => setRules(id, paramName, (names) => names.filter((n) => n !== rule.name)));

  return (
    <Section title={`Used by (${users.length})`} testId="orchestration-usage">
      <div className="muted">Request parameters run their rules in order. Attaching changes the API draft: publish the API for the gateway to use it.</div>
      <ErrorNote errors={attach.errors} />
      <ErrorNote errors={detach.errors} />
      {users.length > 0 && (
        <table className="grid">
          <tbody>
            {users.map((u) => (
              <tr key={`${u.api.id}:${u.param}`}>
                <td>
                  <a href="#" onClick={(ev) => (ev.preventDefault(), nav.open({ kind: 'api', id: u.api.id }))}>
                    {u.api.name}
                  </a>{' '}
                  <span className="muted">parameter</span> <code>{u.param}</code>
                </td>
                <td style={{ width: 80 }}>
                  <button className="btn small danger" onClick={() => void detach.run(u.api.id, u.param)} disabled={detach.busy}>
                    Detach
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="form">
        <Field label="API">
          <select value={apiId} onChange={(ev) => (setApiId(ev.target.value), setParam(''))}>
            <option value="">— choose an API —</option>
            {ws.apis.filter(({ api }) => api.requestParams.length > 0).map(({ api }) => (
              <option key={api.id} value={api.id}>
                {api.method} {api.path} — {api.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Request parameter">
          <select value={param} onChange={(ev) => setParam(ev.target.value)} disabled={!picked}>
            <option value="">— choose —</option>
            {picked?.requestParams.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name} ({p.location.toLowerCase()})
              </option>
            ))}
          </select>
        </Field>
        <Field label=" ">
          <button className="btn primary" onClick={() => void attach.run()} disabled={attach.busy || !apiId || !param}>
            Attach
          </button>
        </Field>
      </div>
    </Section>
  );
}
