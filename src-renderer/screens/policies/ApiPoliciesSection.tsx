/** The API editor's "Policies" section: what is bound to this API in each environment. */
import type { PolicyBinding, PolicyKind } from '../../../src-shared/model';
import { ErrorNote } from '../../components/ErrorNote';
import { Section } from '../../components/Section';
import { useAction } from '../../lib/useAction';
import { useNav } from '../../state/NavContext';
import { useWorkspace } from '../../state/WorkspaceContext';
import { policySelection } from './policyKinds';
import { ENTITIES, useLiveList } from './useLiveList';

const KIND_TITLES: Record<PolicyKind, string> = { throttle: 'Throttling', acl: 'Access control', plugin: 'Plug-in' };

export function ApiPoliciesSection({ apiId }: { apiId: string }) {
  const ws = useWorkspace();
  const nav = useNav();
  const bindings = useLiveList(() => ws.api.listPolicyBindings({ apiId }), ENTITIES.bindings);
  const throttles = useLiveList(() => ws.api.listThrottles(), ENTITIES.throttles);
  const acls = useLiveList(() => ws.api.listAccessControls(), ENTITIES.accessControls);
  const plugins = useLiveList(() => ws.api.listPlugins(), ENTITIES.plugins);
  const unbind = useAction(async (b: PolicyBinding) => {
    await ws.api.unbindPolicy({ kind: b.kind, policyId: b.policyId, apiId: b.apiId, envId: b.envId });
  });
  const nameOf = (b: PolicyBinding) => {
    const list: { id: string; name: string }[] = b.kind === 'throttle' ? throttles.items : b.kind === 'acl' ? acls.items : plugins.items;
    return list.find((p) => p.id === b.policyId)?.name ?? b.policyId;
  };
  const open = (b?: PolicyBinding) => {
    policySelection.set(b ? { kind: b.kind, id: b.policyId } : { kind: 'throttle' });
    nav.open({ kind: 'policies' });
  };

  return (
    <Section
      title="Policies"
      testId="api-policies"
      actions={
        <button className="btn small" onClick={() => open()} data-testid="manage-policies">
          Manage policies
        </button>
      }
    >
      <ErrorNote errors={unbind.errors} />
      <table className="grid">
        <thead>
          <tr>
            <th style={{ width: 130 }}>Environment</th>
            <th>Bound policies</th>
          </tr>
        </thead>
        <tbody>
          {ws.environments.map((env) => {
            const here = bindings.items.filter((b) => b.envId === env.id);
            return (
              <tr key={env.id} data-testid={`api-policies-${env.name}`}>
                <td>{env.name}</td>
                <td>
                  {here.length === 0 ? (
                    <span className="muted">none (the gateway's default limit of 200 calls/s applies)</span>
                  ) : (
                    <div className="row">
                      {here.map((b) => (
                        <span key={b.id} className="badge accent row nowrap" style={{ gap: 4 }}>
                          <span className="muted">{KIND_TITLES[b.kind]}</span>
                          <a href="#" onClick={(ev) => (ev.preventDefault(), open(b))}>
                            {nameOf(b)}
                          </a>
                          <button className="icon-btn" title={`Unbind from ${env.name}`} onClick={() => void unbind.run(b)} style={{ fontSize: 12 }}>
                            ×
                          </button>
                        </span>
                      ))}
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Section>
  );
}
