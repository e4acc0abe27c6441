/**
 * Credentials: apps (AppKey/AppSecret, AppCodes, authorizations per API per environment) on the left
 * and the selected app's details on the right, then the local IAM token table.
 */
import type { App } from '../../../src-shared/model';
import { InlineError } from '../../components/ErrorNote';
import { useWorkspace } from '../../state/WorkspaceContext';
import { ENTITIES, useLiveList } from '../policies/useLiveList';
import { AppCodesCard } from './AppCodesCard';
import { AppForm } from './AppForm';
import { AuthorizationsCard } from './AuthorizationsCard';
import { IamTokensCard } from './IamTokensCard';
import { appSelection } from './selectionStore';

export function CredentialsScreen() {
  const ws = useWorkspace();
  const apps = useLiveList(() => ws.api.listApps(), ENTITIES.apps);
  const authorizations = useLiveList(() => ws.api.listAppAuthorizations(), ENTITIES.authorizations);
  const tokens = useLiveList(() => ws.api.listIamTokens(), ENTITIES.iamTokens);
  const selected = appSelection.use();
  const app: App | undefined = selected && selected !== 'new' ? apps.items.find((a) => a.id === selected) : undefined;
  const creating = selected === 'new' || (apps.loaded && apps.items.length === 0 && selected === undefined);

  return (
    <div className="screen" data-testid="credentials">
      <div className="screen-head">
        <h1>Credentials</h1>
        <button className="btn primary" onClick={() => appSelection.set('new')} data-testid="new-app">
          New app
        </button>
      </div>
      <InlineError error={apps.error ?? authorizations.error ?? tokens.error} />
      <div className="master-detail">
        <div className="master-list" data-testid="app-list">
          <div className="master-title">Apps</div>
          {apps.items.length === 0 && <div className="muted" style={{ padding: 8 }}>No apps yet.</div>}
          {apps.items.map((a) => (
            <button key={a.id} className={`master-item${a.id === selected ? ' on' : ''}`} onClick={() => appSelection.set(a.id)} data-testid="app-list-item">
              <span className="label">{a.name}</span>
              <span className="sub mono">{a.appKey.slice(0, 10)}…</span>
              <span className="sub">
                {a.appCodes.length} code{a.appCodes.length === 1 ? '' : 's'} · {authorizations.items.filter((x) => x.appId === a.id).length} APIs
              </span>
            </button>
          ))}
        </div>
        <div className="stack">
          {creating && (
            <AppForm
              key="new"
              onSaved={(saved) => {
                apps.put(saved);
                appSelection.set(saved.id);
              }}
              onRemoved={() => undefined}
            />
          )}
          {app && (
            <>
              <AppForm
                key={app.id}
                app={app}
                onSaved={apps.put}
                onRemoved={() => appSelection.set(undefined)}
              />
              <AppCodesCard app={app} />
              <AuthorizationsCard app={app} authorizations={authorizations.items} />
            </>
          )}
          {!creating && !app && <div className="muted">Pick an app on the left, or create one.</div>}
        </div>
      </div>
      <IamTokensCard tokens={tokens.items} />
    </div>
  );
}
