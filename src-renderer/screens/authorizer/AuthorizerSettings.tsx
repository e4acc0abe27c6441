/** The custom authorizer's settings: its function, identity sources, cache TTL and options. */
import { functionNameFromUrn } from '../../../src-shared/model';
import type { Authorizer, AuthorizerIdentity } from '../../../src-shared/model';
import { EditableTable } from '../../components/EditableTable';
import { Field } from '../../components/Field';
import { messagesUnder, type FormErrors } from '../../lib/errors';
import { useWorkspace } from '../../state/WorkspaceContext';

export type AuthorizerDraft = Omit<Authorizer, 'id' | 'createdAt' | 'updatedAt'>;

export const AUTHORIZER_FIELDS = ['name', 'type', 'functionUrn', 'ttl', 'userData', 'needBody', 'relaxed', 'retryAttempts', 'timeoutMs', 'identities', 'networkType'];

export function newAuthorizerDraft(): AuthorizerDraft {
  return {
    name: '',
    type: 'FRONTEND',
    authorizerType: 'FUNC',
    functionUrn: '',
    networkType: 'V1',
    identities: [],
    ttl: 0,
    userData: '',
    needBody: false,
    relaxed: false,
    retryAttempts: 0,
    timeoutMs: 5000,
  };
}

export function urnForFunction(name: string): string {
  return `urn:fss:local:project:function:default:${name}`;
}

export function AuthorizerSettings({ draft, onChange, errors }: { draft: AuthorizerDraft; onChange(patch: Partial<AuthorizerDraft>): void; errors: FormErrors }) {
  const ws = useWorkspace();
  const e = errors.fields;
  const num = (v: string) => (v === '' ? Number.NaN : Number(v));

  return (
    <div className="stack" data-testid="authorizer-settings">
      <Field label="Name" error={e.name}>
        <input value={draft.name} onChange={(ev) => onChange({ name: ev.target.value })} data-testid="authorizer-name" />
      </Field>
      <Field label="Type" error={e.type}>
        <select value={draft.type} onChange={(ev) => onChange({ type: ev.target.value as AuthorizerDraft['type'], identities: ev.target.value === 'BACKEND' ? [] : draft.identities })}>
          <option value="FRONTEND">Frontend (checks callers)</option>
          <option value="BACKEND">Backend (signs requests to the backend)</option>
        </select>
      </Field>
      <Field
        label="Function URN"
        error={e.functionUrn}
        hint={
          functionNameFromUrn(draft.functionUrn) ? (
            <span data-testid="urn-function">
              Runs the local function <b className="mono">{functionNameFromUrn(draft.functionUrn)}</b> (the URN's last segment)
            </span>
          ) : (
            'The last segment names the local function that runs'
          )
        }
      >
        <div className="row nowrap">
          <input
            className="mono grow"
            value={draft.functionUrn}
            onChange={(ev) => onChange({ functionUrn: ev.target.value })}
            // The end of a URN (version and function name) is what differs: show it when not editing.
            onBlur={(ev) => (ev.currentTarget.scrollLeft = ev.currentTarget.scrollWidth)}
            ref={(el) => void (el && document.activeElement !== el && (el.scrollLeft = el.scrollWidth))}
            aria-label="Function URN"
            data-testid="authorizer-urn"
          />
          <select value="" onChange={(ev) => ev.target.value && onChange({ functionUrn: urnForFunction(ev.target.value) })} aria-label="Pick a local function" style={{ width: 120 }}>
            <option value="">Pick…</option>
            {ws.functions.map((f) => (
              <option key={f.id} value={f.name}>
                {f.name}
              </option>
            ))}
          </select>
        </div>
      </Field>
      <div className="form">
        <Field label="Cache TTL (s)" error={e.ttl} hint="0 = no cache">
          <input type="number" value={Number.isNaN(draft.ttl) ? '' : draft.ttl} onChange={(ev) => onChange({ ttl: num(ev.target.value) })} data-testid="authorizer-ttl" />
        </Field>
        <Field label="Timeout (ms)" error={e.timeoutMs}>
          <input type="number" value={Number.isNaN(draft.timeoutMs) ? '' : draft.timeoutMs} onChange={(ev) => onChange({ timeoutMs: num(ev.target.value) })} />
        </Field>
      </div>
      <Field label="User data" error={e.userData} hint="Sent to the function as event.user_data">
        <input value={draft.userData} onChange={(ev) => onChange({ userData: ev.target.value })} />
      </Field>
      <div className="row">
        <label className="check">
          <input type="checkbox" checked={draft.needBody} onChange={(ev) => onChange({ needBody: ev.target.checked })} /> Send body
        </label>
        <label className="check" title="auth_downgrade_enabled: let requests through when the function fails">
          <input type="checkbox" checked={draft.relaxed} onChange={(ev) => onChange({ relaxed: ev.target.checked })} /> Relaxed mode
        </label>
      </div>
      {draft.type === 'FRONTEND' && (
        <div className="field">
          <span className="field-label">Identity sources</span>
          {e.identities && <div className="field-error">{e.identities}</div>}
          {draft.identities.length > 0 && (
            <EditableTable
              rows={draft.identities}
              onChange={(identities) => onChange({ identities })}
              errorAt={(i) => messagesUnder(e, `identities[${i}]`)}
              removeWidth={30}
              columns={[
                {
                  width: 116,
                  cell: (id, set) => (
                    <select value={id.location} onChange={(ev) => set({ location: ev.target.value as AuthorizerIdentity['location'] })}>
                      <option>HEADER</option>
                      <option>QUERY</option>
                    </select>
                  ),
                },
                { cell: (id, set, i) => <input value={id.name} onChange={(ev) => set({ name: ev.target.value })} placeholder="name" aria-label={`Identity ${i + 1} name`} /> },
                { cell: (id, set) => <input className="mono" value={id.validation ?? ''} onChange={(ev) => set({ validation: ev.target.value || undefined })} placeholder="regex (optional)" /> },
              ]}
            />
          )}
          <div>
            <button className="btn small" onClick={() => onChange({ identities: [...draft.identities, { name: '', location: 'HEADER' }] })}>
              + Identity source
            </button>
          </div>
          <div className="field-hint">Required when the cache is on: they form the cache key. A missing one fails before the function runs.</div>
        </div>
      )}
    </div>
  );
}
