/**
 * Where a throttling, access-control or plug-in policy applies: bound to an API in one environment
 * (one policy of a kind per API per environment). Bind and unbind here; the store's refusal (slot taken,
 * unknown API) is shown with the form.
 */
import { useState } from 'react';
import type { PolicyBinding, PolicyKind } from '../../../src-shared/model';
import { ErrorNote } from '../../components/ErrorNote';
import { Field } from '../../components/Field';
import { MethodBadge } from '../../components/MethodBadge';
import { Section } from '../../components/Section';
import { useAction } from '../../lib/useAction';
import { useNav } from '../../state/NavContext';
import { useWorkspace } from '../../state/WorkspaceContext';

export function BindingsCard({ kind, policyId, bindings, onChanged }: { kind: PolicyKind; policyId: string; bindings: PolicyBinding[]; onChanged(): void }) {
  const ws = useWorkspace();
  const nav = useNav();
  const [apiId, setApiId] = useState('');
  const [envId, setEnvId] = useState('');
  const env = envId || ws.environments.find((e) => e.name === 'RELEASE')?.id || ws.environments[0]?.id || '';
  const mine = bindings.filter((b) => b.kind === kind && b.policyId === policyId);
  const apiOf = (id: string) => ws.apis.find((a) => a.api.id === id)?.api;
  const envName = (id: string) => ws.environments.find((e) => e.id === id)?.name ?? id;

  const bind = useAction(async () => {
    await ws.api.bindPolicy({ kind, policyId, apiId, envId: env });
    onChanged();
  });
  const unbind = useAction(async (b: PolicyBinding) => {
    await ws.api.unbindPolicy({ kind, policyId, apiId: b.apiId, envId: b.envId });
    onChanged();
  });
  const published = ws.apis.find((a) => a.api.id === apiId)?.publications.some((p) => p.envId === env);

  return (
    <Section title={`Bound to APIs (${mine.length})`} testId="policy-bindings">
      <ErrorNote errors={bind.errors} />
      <ErrorNote errors={unbind.errors} />
      {mine.length === 0 ? (
        <div className="muted">Not bound: the policy applies to no request until it is bound to an API in an environment.</div>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th>API</th>
              <th style={{ width: 130 }}>Environment</th>
              <th style={{ width: 80 }} />
            </tr>
          </thead>
          <tbody>
            {mine.map((b) => {
              const api = apiOf(b.apiId);
              return (
                <tr key={b.id} data-testid="binding-row">
                  <td>
                    {api ? (
                      <a href="#" onClick={(ev) => (ev.preventDefault(), nav.open({ kind: 'api', id: api.id }))}>
                        <MethodBadge method={api.method} /> {api.name} <span className="muted mono">{api.path}</span>
                      </a>
                    ) : (
                      b.apiId
                    )}
                  </td>
                  <td>{envName(b.envId)}</td>
                  <td>
                    <button className="btn small danger" onClick={() => void unbind.run(b)} disabled={unbind.busy} data-testid="unbind-policy">
                      Unbind
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div className="form">
        <Field label="API" hint={apiId && !published ? `not published in ${envName(env)}: the binding applies once it is` : undefined}>
          <select value={apiId} onChange={(ev) => setApiId(ev.target.value)} data-testid="bind-api">
            <option value="">— choose an API —</option>
            {ws.apis.map(({ api }) => (
              <option key={api.id} value={api.id}>
                {api.method} {api.path} — {api.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Environment">
          <select value={env} onChange={(ev) => setEnvId(ev.target.value)} data-testid="bind-env">
            {ws.environments.map((en) => (
              <option key={en.id} value={en.id}>
                {en.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label=" ">
          <button className="btn primary" onClick={() => void bind.run()} disabled={bind.busy || !apiId || !env} data-testid="bind-policy">
            Bind
          </button>
        </Field>
      </div>
    </Section>
  );
}
