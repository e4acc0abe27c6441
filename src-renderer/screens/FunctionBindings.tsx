/**
 * The function editor's "Cloud bindings": per environment, the FunctionGraph URN (with version or
 * alias) this local function stands for. Exports for an environment write it; deploy uploads the
 * code of functions left unbound. Each row saves on its own (a binding is not part of the draft).
 */
import { useCallback, useEffect, useState } from 'react';
import type { Environment, FunctionBinding } from '../../src-shared/model';
import { Section } from '../components/Section';
import { useAction } from '../lib/useAction';
import { useFormDraft } from '../state/useFormDraft';
import { useWorkspace } from '../state/WorkspaceContext';

export function FunctionBindings({ functionId, functionName }: { functionId: string; functionName: string }) {
  const ws = useWorkspace();
  const [bindings, setBindings] = useState<FunctionBinding[]>([]);
  const reload = useCallback(() => ws.api.listFunctionBindings({ functionId }).then(setBindings), [ws.api, functionId]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return (
    <Section title="Cloud bindings">
      <div className="muted">
        The FunctionGraph function {functionName} stands for in each environment: a URN with a version (…:{functionName}:1) or an alias (…:{functionName}:!prod).
        Exports for that environment write it; <code>deploy</code> uploads the code of an unbound function and publishes a version.
      </div>
      <table className="grid" data-testid="function-bindings">
        <thead>
          <tr>
            <th>Environment</th>
            <th>FunctionGraph URN</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {ws.environments.map((env) => (
            <BindingRow key={env.id} env={env} functionId={functionId} binding={bindings.find((b) => b.envId === env.id)} onChanged={reload} />
          ))}
        </tbody>
      </table>
    </Section>
  );
}

function BindingRow({ env, functionId, binding, onChanged }: { env: Environment; functionId: string; binding?: FunctionBinding; onChanged: () => Promise<void> }) {
  const ws = useWorkspace();
  const { draft: urn, setDraft: setUrn } = useFormDraft(binding?.urn ?? '', (saved) => saved);
  const bind = useAction(async () => {
    await ws.api.bindFunction({ functionId, envId: env.id, urn });
    await onChanged();
  });
  const unbind = useAction(async () => {
    await ws.api.unbindFunction({ functionId, envId: env.id });
    await onChanged();
  });
  const changed = urn.trim() !== (binding?.urn ?? '');
  const error = bind.errors.fields.urn ?? bind.errors.message ?? unbind.errors.message;
  return (
    <tr data-testid={`binding-${env.name}`}>
      <td>{env.name}</td>
      <td>
        <input className="mono" style={{ width: '100%' }} value={urn} placeholder="unbound: deploy uploads the code" onChange={(e) => setUrn(e.target.value)} aria-label={`URN in ${env.name}`} />
        {error && (
          <div className="field-error" role="alert">
            {error}
          </div>
        )}
      </td>
      <td style={{ whiteSpace: 'nowrap' }}>
        <button className="btn small primary" disabled={!changed || !urn.trim() || bind.busy} onClick={() => void bind.run()}>
          Bind
        </button>{' '}
        {binding && (
          <button className="btn small" disabled={unbind.busy} onClick={() => void unbind.run()}>
            Unbind
          </button>
        )}
      </td>
    </tr>
  );
}
