/**
 * Which APIs the app may call, per environment (APIG authorizes an app per API per environment, and
 * only for APIs published there).
 */
import type { App, AppAuthorization } from '../../../src-shared/model';
import { ApiEnvBindingsCard } from '../../components/ApiEnvBindingsCard';
import { useWorkspace } from '../../state/WorkspaceContext';

export function AuthorizationsCard({ app, authorizations }: { app: App; authorizations: AppAuthorization[] }) {
  const ws = useWorkspace();
  const mine = authorizations.filter((a) => a.appId === app.id);
  return (
    <ApiEnvBindingsCard
      title={`Authorized APIs (${mine.length})`}
      testId="app-authorizations"
      bindings={mine}
      empty="Not authorized for any API yet: a signed request from this app is refused with APIG.0304 until it is."
      envWidth={120}
      extraColumn={{
        header: 'Auth type',
        width: 120,
        cell: (api) =>
          api && (
            <span className={`badge${api.authType === 'APP' ? ' accent' : ''}`} title={api.authType === 'APP' ? undefined : 'Authorization only matters for APP authentication'}>
              {api.authType}
            </span>
          ),
      }}
      apiOption={(api) => `${api.method} ${api.path} — ${api.name} (${api.authType})`}
      unpublishedHint={(env) => `not published in ${env}: publish it first`}
      labels={{ add: 'Authorize', remove: 'Remove' }}
      testIds={{ row: 'authorization-row', remove: 'remove-authorization', api: 'authorize-api', env: 'authorize-env', add: 'authorize-app' }}
      add={(apiId, envId) => ws.api.authorizeApp({ appId: app.id, apiId, envId })}
      remove={(a) => ws.api.unauthorizeApp({ appId: a.appId, apiId: a.apiId, envId: a.envId })}
    />
  );
}
