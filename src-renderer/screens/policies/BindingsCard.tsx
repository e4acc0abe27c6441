/**
 * Where a throttling, access-control or plug-in policy applies: bound to an API in one environment
 * (one policy of a kind per API per environment).
 */
import type { PolicyBinding, PolicyKind } from '../../../src-shared/model';
import { ApiEnvBindingsCard } from '../../components/ApiEnvBindingsCard';
import { useWorkspace } from '../../state/WorkspaceContext';

export function BindingsCard({ kind, policyId, bindings }: { kind: PolicyKind; policyId: string; bindings: PolicyBinding[] }) {
  const ws = useWorkspace();
  const mine = bindings.filter((b) => b.kind === kind && b.policyId === policyId);
  return (
    <ApiEnvBindingsCard
      title={`Bound to APIs (${mine.length})`}
      testId="policy-bindings"
      bindings={mine}
      empty="Not bound: the policy applies to no request until it is bound to an API in an environment."
      envWidth={130}
      apiOption={(api) => `${api.method} ${api.path} — ${api.name}`}
      unpublishedHint={(env) => `not published in ${env}: the binding applies once it is`}
      labels={{ add: 'Bind', remove: 'Unbind' }}
      testIds={{ row: 'binding-row', remove: 'unbind-policy', api: 'bind-api', env: 'bind-env', add: 'bind-policy' }}
      add={(apiId, envId) => ws.api.bindPolicy({ kind, policyId, apiId, envId })}
      remove={(b) => ws.api.unbindPolicy({ kind, policyId, apiId: b.apiId, envId: b.envId })}
    />
  );
}
