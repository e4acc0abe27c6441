/** The API's frontend definition: how clients call it and how they are authenticated. */
import { API_METHODS, type AuthType } from '../../../src-shared/model';
import { Field } from '../../components/Field';
import { Section } from '../../components/Section';
import type { FormErrors } from '../../lib/errors';
import { useWorkspace } from '../../state/WorkspaceContext';
import type { ApiDraft } from './draft';

export const FRONTEND_FIELDS = ['name', 'groupId', 'method', 'path', 'matchMode', 'protocol', 'requestType', 'authType', 'authorizerId', 'appCodeAuth', 'cors', 'bodyBase64', 'description', 'contentType'];

export function FrontendSection({ draft, onChange, errors }: { draft: ApiDraft; onChange(patch: Partial<ApiDraft>): void; errors: FormErrors }) {
  const ws = useWorkspace();
  const e = errors.fields;
  const frontendAuthorizers = ws.authorizers.filter((a) => a.type === 'FRONTEND');
  return (
    <Section title="Frontend definition" testId="frontend-section">
      <div className="form">
        <Field label="Name" error={e.name}>
          <input value={draft.name} onChange={(ev) => onChange({ name: ev.target.value })} placeholder="e.g. get_user" data-testid="api-name" />
        </Field>
        <Field label="Group" error={e.groupId}>
          <select value={draft.groupId} onChange={(ev) => onChange({ groupId: ev.target.value })}>
            {ws.groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Method" error={e.method}>
          <select value={draft.method} onChange={(ev) => onChange({ method: ev.target.value as ApiDraft['method'] })} data-testid="api-method">
            {API_METHODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </Field>
        <Field label="Path" error={e.path} hint="Parameters in braces: /users/{id}; {rest+} matches the remainder.">
          <input className="mono" value={draft.path} onChange={(ev) => onChange({ path: ev.target.value })} data-testid="api-path" />
        </Field>
        <Field label="Matching" error={e.matchMode}>
          <select value={draft.matchMode} onChange={(ev) => onChange({ matchMode: ev.target.value as ApiDraft['matchMode'] })}>
            <option value="NORMAL">Exact match</option>
            <option value="SWA">Prefix match</option>
          </select>
        </Field>
        <Field label="Protocol" error={e.protocol}>
          <select value={draft.protocol} onChange={(ev) => onChange({ protocol: ev.target.value as ApiDraft['protocol'] })}>
            <option>HTTP</option>
            <option>HTTPS</option>
            <option>BOTH</option>
          </select>
        </Field>
        <Field label="Authentication" error={e.authType}>
          <select
            value={draft.authType}
            onChange={(ev) => {
              const authType = ev.target.value as AuthType;
              onChange({ authType, authorizerId: authType === 'NONE' ? undefined : draft.authorizerId });
            }}
            data-testid="api-auth-type"
          >
            <option value="NONE">None</option>
            <option value="APP">App</option>
            <option value="IAM">IAM</option>
            <option value="AUTHORIZER">Custom authorizer</option>
          </select>
        </Field>
        {draft.authType !== 'NONE' && (
          <Field label={draft.authType === 'AUTHORIZER' ? 'Authorizer' : 'Two-factor authorizer (optional)'} error={e.authorizerId}>
            <select value={draft.authorizerId ?? ''} onChange={(ev) => onChange({ authorizerId: ev.target.value || undefined })} data-testid="api-authorizer">
              <option value="">{draft.authType === 'AUTHORIZER' ? '— choose —' : 'none'}</option>
              {frontendAuthorizers.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field label="Request type" error={e.requestType}>
          <select value={draft.requestType} onChange={(ev) => onChange({ requestType: ev.target.value as ApiDraft['requestType'] })}>
            <option value="public">Public</option>
            <option value="private">Private</option>
          </select>
        </Field>
        <Field label="Content type" error={e.contentType}>
          <input value={draft.contentType ?? ''} onChange={(ev) => onChange({ contentType: ev.target.value || undefined })} placeholder="application/json" />
        </Field>
        <Field label="Description" error={e.description} wide>
          <input value={draft.description} onChange={(ev) => onChange({ description: ev.target.value })} data-testid="api-description" />
        </Field>
        <div className="row wide">
          <label className="check">
            <input type="checkbox" checked={draft.cors} onChange={(ev) => onChange({ cors: ev.target.checked })} /> CORS
          </label>
          <label className="check">
            <input type="checkbox" checked={draft.appCodeAuth} onChange={(ev) => onChange({ appCodeAuth: ev.target.checked })} /> AppCode in header
          </label>
          <label className="check">
            <input type="checkbox" checked={draft.bodyBase64} onChange={(ev) => onChange({ bodyBase64: ev.target.checked })} /> Base64 body to functions
          </label>
          {e.appCodeAuth && <span className="field-error">{e.appCodeAuth}</span>}
          {e.bodyBase64 && <span className="field-error">{e.bodyBase64}</span>}
          {e.cors && <span className="field-error">{e.cors}</span>}
        </div>
      </div>
    </Section>
  );
}
