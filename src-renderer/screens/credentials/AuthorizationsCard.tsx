/**
 * Which APIs the app may call, per environment (APIG authorizes an app per API per environment, and
 * only for APIs published there). Add and remove authorizations; the store's refusal shows at the field.
 */
import { useState } from 'react';
import type { App, AppAuthorization } from '../../../src-shared/model';
import { ErrorNote } from '../../components/ErrorNote';
import { Field } from '../../components/Field';
import { MethodBadge } from '../../components/MethodBadge';
import { Section } from '../../components/Section';
import { useAction } from '../../lib/useAction';
import { useNav } from '../../state/NavContext';
import { useWorkspace } from '../../state/WorkspaceContext';

export function AuthorizationsCard({ app, authorizations, onChanged }: { app: App; authorizations: AppAuthorization[]; onChanged(): void }) {
  const ws = useWorkspace();
  const nav = useNav();
  const [apiId, setApiId] = useState('');
  const [envId, setEnvId] = useState('');
  const env = envId || ws.environments.find((e) => e.name === 'RELEASE')?.id || ws.environments[0]?.id || '';
  const mine = authorizations.filter((a) => a.appId === app.id);
  const apiOf = (id: string) => ws.apis.find((a) => a.api.id === id);
  const envName = (id: string) => ws.environments.find((e) => e.id === id)?.name ?? id;

  const authorize = useAction(async () => {
    await ws.api.authorizeApp({ appId: app.id, apiId, envId: env });
    onChanged();
  });
  const revoke = useAction(async (a: AppAuthorization) => {
    await ws.api.unauthorizeApp({ appId: a.appId, apiId: a.apiId, envId: a.envId });
    onChanged();
  });
  const e = authorize.errors.fields;
  const picked = apiOf(apiId);
  const published = picked?.publications.some((p) => p.envId === env);

  return (
    <Section title={`Authorized APIs (${mine.length})`} testId="app-authorizations">
      <ErrorNote errors={authorize.errors} shownFields={['apiId', 'envId']} />
      <ErrorNote errors={revoke.errors} />
      {mine.length === 0 ? (
        <div className="muted">Not authorized for any API yet: a signed request from this app is refused with APIG.0304 until it is.</div>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th>API</th>
              <th style={{ width: 120 }}>Environment</th>
              <th style={{ width: 120 }}>Auth type</th>
              <th style={{ width: 80 }} />
            </tr>
          </thead>
          <tbody>
            {mine.map((a) => {
              const item = apiOf(a.apiId);
              return (
                <tr key={a.id} data-testid="authorization-row">
                  <td>
                    {item ? (
                      <a href="#" onClick={(ev) => (ev.preventDefault(), nav.open({ kind: 'api', id: a.apiId }))}>
                        <MethodBadge method={item.api.method} /> {item.api.name} <span className="muted mono">{item.api.path}</span>
                      </a>
                    ) : (
                      <span className="muted">{a.apiId}</span>
                    )}
                  </td>
                  <td>{envName(a.envId)}</td>
                  <td>
                    {item && <span className={`badge${item.api.authType === 'APP' ? ' accent' : ''}`} title={item.api.authType === 'APP' ? undefined : 'Authorization only matters for APP authentication'}>{item.api.authType}</span>}
                  </td>
                  <td>
                    <button className="btn small danger" onClick={() => void revoke.run(a)} disabled={revoke.busy} data-testid="remove-authorization">
                      Remove
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div className="form">
        <Field label="API" error={e.apiId} hint={picked && !published ? `not published in ${envName(env)}: publish it first` : undefined}>
          <select value={apiId} onChange={(ev) => setApiId(ev.target.value)} data-testid="authorize-api">
            <option value="">— choose an API —</option>
            {ws.apis.map(({ api }) => (
              <option key={api.id} value={api.id}>
                {api.method} {api.path} — {api.name} ({api.authType})
              </option>
            ))}
          </select>
        </Field>
        <Field label="Environment" error={e.envId}>
          <select value={env} onChange={(ev) => setEnvId(ev.target.value)} data-testid="authorize-env">
            {ws.environments.map((en) => (
              <option key={en.id} value={en.id}>
                {en.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label=" ">
          <button className="btn primary" onClick={() => void authorize.run()} disabled={authorize.busy || !apiId || !env} data-testid="authorize-app">
            Authorize
          </button>
        </Field>
      </div>
    </Section>
  );
}
