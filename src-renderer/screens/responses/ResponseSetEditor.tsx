/**
 * A gateway response set (runtime.md §2.3): every APIG response type with its status, body template
 * and headers — APIG's default until customised — an editor for the selected type with "Restore
 * default", and a preview rendered exactly as the gateway renders errors, with sample `$context`
 * values. Field checks run as you type, with the store's own rules.
 */
import { useEffect, useEffectEvent, useMemo, useState } from 'react';
import type { GatewayResponseSet } from '../../../src-shared/model';
import { EditorHead } from '../../components/EditorHead';
import { ErrorNote } from '../../components/ErrorNote';
import { ExternalChangeNote } from '../../components/ExternalChangeNote';
import { Field } from '../../components/Field';
import { Section } from '../../components/Section';
import { errorMessage } from '../../lib/errors';
import { useShortcuts } from '../../lib/shortcuts';
import { useRemoveAction } from '../../lib/entityActions';
import { useAction } from '../../lib/useAction';
import { useNav } from '../../state/NavContext';
import { useStoredDraft, useStoredDraftReader, useTabDirty } from '../../state/useTabDraft';
import { useTabActive } from '../../state/TabActive';
import { useExternalChange } from '../../state/useExternalChange';
import { useWorkspace } from '../../state/WorkspaceContext';
import { ResponsePreview } from './ResponsePreview';
import { removeAt } from '../../lib/list-edit';
import {
  DEFAULT_STATUS,
  ERROR_TYPES,
  MAX_HEADERS,
  TYPE_MEANING,
  checkDraft,
  defaultRule,
  draftFromSet,
  draftToResponses,
  effectiveRule,
  issuesByField,
  typesWithIssues,
  type ErrorType,
  type ResponsesDraft,
  type RuleDraft,
} from './responseDraft';

/** Where this editor's unsaved edits are kept across a reload (useStoredDraft). */
const RESPONSES_DRAFT = 'responses';

export function ResponseSetEditor({ setId, tabKey }: { setId: string; tabKey: string }) {
  const ws = useWorkspace();
  const nav = useNav();
  const active = useTabActive();
  const [saved, setSaved] = useState<GatewayResponseSet>();
  const [loadError, setLoadError] = useState<string>();
  const [name, setName] = useState('');
  const [draft, setDraft] = useState<ResponsesDraft>({});
  const [selected, setSelected] = useState<ErrorType>('AUTHORIZER_FAILURE');
  const [blocked, setBlocked] = useState(false);

  const load = (set: GatewayResponseSet) => {
    setSaved(set);
    setName(set.name);
    setDraft(draftFromSet(set));
  };
  const readStored = useStoredDraftReader(tabKey);
  // A stored draft counts only when the set is first loaded (an effect event, not a reason to fetch again).
  const onFetched = useEffectEvent((set: GatewayResponseSet) => {
    load(set);
    // Unsaved edits from before a reload win over the saved set (they still show as unsaved).
    const stored = readStored<{ name: string; draft: ResponsesDraft }>(RESPONSES_DRAFT);
    if (stored) {
      setName(stored.name);
      setDraft(stored.draft);
    }
    const firstCustom = ERROR_TYPES.find((t) => set.responses[t]);
    if (firstCustom) setSelected(firstCustom);
  });
  useEffect(() => {
    ws.api.getResponseSet({ id: setId }).then((set) => onFetched(set), (e) => setLoadError(errorMessage(e)));
  }, [setId, ws.api]);

  const dirty = !!saved && (name !== saved.name || JSON.stringify(draftFromSet(saved)) !== JSON.stringify(draft));
  useTabDirty(tabKey, dirty);
  useStoredDraft(tabKey, RESPONSES_DRAFT, { name, draft }, dirty);
  const external = useExternalChange({
    entity: 'responseSet',
    id: saved?.id,
    saved,
    fetchLatest: (id) => ws.api.getResponseSet({ id }),
    same: (a, b) => JSON.stringify(a) === JSON.stringify(b),
    dirty,
    load,
  });

  const localIssues = useMemo(() => checkDraft(name, draft), [name, draft]);
  const save = useAction(async () => {
    if (!saved) return;
    if (localIssues.length) {
      setBlocked(true);
      return;
    }
    setBlocked(false);
    const set = await ws.api.updateResponseSet({ id: saved.id, patch: { name, responses: draftToResponses(draft) } });
    load(set);
  });
  const remove = useRemoveAction(saved, {
    what: 'gateway response set',
    consequence: "APIs that use it fall back to the group's default set.",
    remove: (id) => ws.api.removeResponseSet({ id }),
    done: () => nav.close(tabKey),
  });
  useShortcuts({ s: () => dirty && void save.run() }, active);

  if (loadError) return <div className="screen"><div className="note error">Could not open this gateway response set: {loadError}</div></div>;
  if (!saved) return <div className="screen"><span className="spinner" /></div>;

  // Live checks first; what only the store found (a clash with another set's name) after them.
  const fields = { ...save.errors.fields, ...issuesByField(localIssues) };
  const badTypes = typesWithIssues(localIssues);
  const groupName = ws.groups.find((g) => g.id === saved.groupId)?.name ?? saved.groupId;
  const customisedCount = Object.keys(draft).length;

  const updateRule = (type: ErrorType, patch: Partial<RuleDraft>) =>
    setDraft((d) => ({ ...d, [type]: { ...(d[type] ?? defaultRule(type)), ...patch } }));
  const restore = (type: ErrorType) =>
    setDraft((d) => {
      const next = { ...d };
      delete next[type];
      return next;
    });

  return (
    <div className="screen" data-testid="response-set-editor">
      <EditorHead
        title={
          <>
            Gateway responses: {saved.name}
            {saved.isDefault && <span className="badge accent">group default</span>}
          </>
        }
        dirty={dirty}
        save={save}
        // A group's default set goes only with its group.
        remove={saved.isDefault ? undefined : remove}
      />
      <ExternalChangeNote change={external.change} what="This gateway response set" onLoad={external.loadLatest} onDismiss={external.dismiss} onClose={() => nav.close(tabKey)} />
      {blocked && localIssues.length > 0 && (
        <div className="note error" role="alert" data-testid="save-blocked">
          Not saved: fix the marked {localIssues.length === 1 ? 'field' : `${localIssues.length} fields`} first
          {badTypes.size ? <> (in {[...badTypes].join(', ')})</> : null}.
        </div>
      )}
      <ErrorNote errors={save.errors} shownFields={Object.keys(save.errors.fields).filter((f) => f === 'name' || f.startsWith('responses.'))} />
      <ErrorNote errors={remove.errors} />

      <div className="form">
        <Field label="Name" error={fields.name} hint={saved.isDefault ? 'The group\'s default set keeps its name.' : 'Letters, digits, - and _.'}>
          <input value={name} onChange={(e) => setName(e.target.value)} disabled={saved.isDefault} data-testid="response-set-name" />
        </Field>
        <Field label="API group" hint={saved.isDefault ? 'Used by every API of the group that selects no other set.' : 'Used by the APIs of the group that select it.'}>
          <input value={groupName} disabled />
        </Field>
      </div>

      <div className="split responses-split">
        <Section title={`Response types (${customisedCount} customised)`} testId="response-types">
          <table className="grid response-types">
            <thead>
              <tr>
                <th style={{ width: '45%' }}>Type</th>
                <th style={{ width: 52 }}>Status</th>
                <th>Body template</th>
                <th style={{ width: 58 }}>Headers</th>
              </tr>
            </thead>
            <tbody>
              {ERROR_TYPES.map((type) => {
                const rule = effectiveRule(draft, type);
                return (
                  <tr
                    key={type}
                    className={`selectable${selected === type ? ' selected' : ''}${badTypes.has(type) ? ' invalid' : ''}`}
                    onClick={() => setSelected(type)}
                    data-testid="response-type-row"
                    data-type={type}
                    aria-selected={selected === type}
                  >
                    <td>
                      <div className="type-name" title={`${type}: ${TYPE_MEANING[type]}`}>
                        <span className="name">{type}</span>
                        {rule.customised && <span className="badge accent">custom</span>}
                      </div>
                    </td>
                    <td className="mono">
                      {rule.customised ? (
                        <b>{rule.status || '—'}</b>
                      ) : hasDefault(type) ? (
                        <span className="muted" title="APIG's default">{rule.defaultStatusText}</span>
                      ) : (
                        <span className="muted" title="No default: the underlying error's own status">{type === 'DEFAULT_5XX' ? '5xx' : '4xx'}</span>
                      )}
                    </td>
                    <td className="mono body-cell" title={rule.body}>
                      <span className={rule.customised ? '' : 'muted'}>{rule.customised ? rule.body : 'default'}</span>
                    </td>
                    <td className="mono">{rule.headers.length || <span className="muted">0</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </Section>

        <TypeEditor
          type={selected}
          rule={effectiveRule(draft, selected)}
          fields={fields}
          onChange={(patch) => updateRule(selected, patch)}
          onRestore={() => restore(selected)}
          draft={draft}
        />
      </div>
    </div>
  );
}

const hasDefault = (type: ErrorType) => DEFAULT_STATUS[type] !== undefined;

function TypeEditor({
  type,
  rule,
  fields,
  onChange,
  onRestore,
  draft,
}: {
  type: ErrorType;
  rule: ReturnType<typeof effectiveRule>;
  fields: Record<string, string>;
  onChange(patch: Partial<RuleDraft>): void;
  onRestore(): void;
  draft: ResponsesDraft;
}) {
  const at = (suffix: string) => fields[`responses.${type}.${suffix}`];
  const hasDefaultStatus = hasDefault(type);
  const setHeaders = (headers: RuleDraft['headers']) => onChange({ headers });
  return (
    <div className="stack" data-testid="response-type-editor">
      <Section
        title={type}
        actions={
          <button className="btn small" onClick={onRestore} disabled={!rule.customised} data-testid="restore-default" title="Use APIG's default status, body and no headers">
            Restore default
          </button>
        }
      >
        <div className="muted">{TYPE_MEANING[type]}.</div>
        <div className="form">
          <Field
            label="Status"
            error={at('status')}
            hint={
              hasDefaultStatus
                ? `Default ${rule.defaultStatusText}. 200–599, not 444.`
                : 'No default: APIG keeps the underlying error\'s status. A customised rule needs one and applies it to every error of this kind.'
            }
          >
            <input
              value={rule.status}
              placeholder={hasDefaultStatus ? rule.defaultStatusText : 'error\'s own'}
              inputMode="numeric"
              onChange={(e) => onChange({ status: e.target.value })}
              aria-label="Status"
              data-testid="rt-status"
            />
          </Field>
          <div className="field">
            <span className="field-label">State</span>
            <div>{rule.customised ? <span className="badge accent">customised</span> : <span className="badge">APIG default</span>}</div>
          </div>
          <Field label="Body template" wide error={at('body')} hint={<>JSON with <code>$context.*</code> variables, substituted as raw text (e.g. <code>$context.error.code</code>, <code>$context.authorizer.frontend.&lt;key&gt;</code>).</>}>
            <textarea rows={5} value={rule.body} onChange={(e) => onChange({ body: e.target.value })} spellCheck={false} aria-label="Body template" data-testid="rt-body" />
          </Field>
        </div>
        <div className="stack" style={{ gap: 4 }}>
          <div className="row">
            <span className="field-label grow">Headers ({rule.headers.length} of {MAX_HEADERS})</span>
            <button
              className="btn small"
              onClick={() => setHeaders([...rule.headers, { key: '', value: '' }])}
              disabled={rule.headers.length >= MAX_HEADERS}
              title={rule.headers.length >= MAX_HEADERS ? `APIG allows at most ${MAX_HEADERS} headers per response type` : 'Add a response header'}
              data-testid="rt-add-header"
            >
              + Header
            </button>
          </div>
          {at('headers') && <div className="field-error" role="alert">{at('headers')}</div>}
          {rule.headers.length === 0 ? (
            <div className="muted">No extra headers. The gateway always adds Content-Type and X-Request-Id.</div>
          ) : (
            <table className="grid rt-headers" data-testid="rt-headers">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Value (may use $context.*)</th>
                  <th style={{ width: 28 }} />
                </tr>
              </thead>
              <tbody>
                {rule.headers.map((h, i) => {
                  const keyError = at(`headers[${i}].key`);
                  const valueError = at(`headers[${i}].value`);
                  const patch = (p: Partial<{ key: string; value: string }>) => setHeaders(rule.headers.map((x, j) => (j === i ? { ...x, ...p } : x)));
                  return (
                    <tr key={i}>
                      <td className={keyError ? 'field invalid' : 'field'}>
                        <input value={h.key} onChange={(e) => patch({ key: e.target.value })} aria-label={`Header ${i + 1} name`} data-testid="rt-header-key" />
                        {keyError && <div className="field-error" role="alert">{keyError}</div>}
                      </td>
                      <td className={valueError ? 'field invalid' : 'field'}>
                        <input value={h.value} onChange={(e) => patch({ value: e.target.value })} aria-label={`Header ${i + 1} value`} data-testid="rt-header-value" />
                        {valueError && <div className="field-error" role="alert">{valueError}</div>}
                      </td>
                      <td>
                        <button className="icon-btn" title="Remove" aria-label={`Remove header ${i + 1}`} onClick={() => setHeaders(removeAt(rule.headers, i))}>
                          ×
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </div>
      </Section>
      <ResponsePreview type={type} draft={draft} />
    </div>
  );
}
