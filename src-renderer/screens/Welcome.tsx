/** The first tab: what this workspace is and what to do next, for someone who has never used it. */
import { RELEASE_ENV } from '../../src-shared/model';
import { MOD_LABEL } from '../lib/shortcuts';
import { nextSeq, useNav } from '../state/NavContext';
import { useWorkspace } from '../state/WorkspaceContext';
import { useOpenWorkspaceDialog } from '../workspace/dialogContext';

export function Welcome() {
  const ws = useWorkspace();
  const nav = useNav();
  const openWorkspaceDialog = useOpenWorkspaceDialog();
  if (!ws.loaded) return <div className="screen"><span className="spinner" /></div>;
  const empty = ws.groups.length === 0;
  const firstAuthorizerApi = ws.apis.find((a) => a.api.authType === 'AUTHORIZER' && a.publications.length > 0);
  return (
    <div className="screen" data-testid="welcome">
      <div className="empty" style={{ margin: '24px auto', maxWidth: 640 }}>
        <h2>{empty ? 'An empty workspace' : `Workspace ${ws.info?.name ?? ''}`}</h2>
        {empty ? (
          <div>
            Start by creating an API group, or import an APIG definition file (Swagger 2.0 / OpenAPI 3.0 with <code>x-apigateway-*</code>). Publish APIs to an environment and the local gateway serves them.
          </div>
        ) : (
          <div>
            {ws.groups.length} group{ws.groups.length === 1 ? '' : 's'}, {ws.apis.length} APIs, {ws.authorizers.length} authorizers, {ws.functions.length} functions. The local gateway serves what is published in each environment ({RELEASE_ENV} when a request has no X-Stage header)
            {ws.gateway?.running ? <> at <code>{ws.gateway.url}</code></> : ''}.
          </div>
        )}
        <div className="actions">
          {empty ? (
            <>
              <button className="btn primary" onClick={() => nav.open({ kind: 'new-group', seq: nextSeq() })}>
                Create a group
              </button>
              <button className="btn" onClick={() => nav.open({ kind: 'definition' })}>
                Import a definition
              </button>
              <button className="btn" onClick={openWorkspaceDialog} data-testid="welcome-open-workspace">
                Open another workspace…
              </button>
            </>
          ) : (
            <>
              {firstAuthorizerApi && (
                <button className="btn primary" onClick={() => nav.tryApi(firstAuthorizerApi.api.id)}>
                  Try {firstAuthorizerApi.api.name} in the tester
                </button>
              )}
              <button className="btn" onClick={() => nav.open({ kind: 'tester' })}>
                Open the request tester
              </button>
              {ws.authorizers[0] && (
                <button className="btn" onClick={() => nav.open({ kind: 'authorizer', id: ws.authorizers[0].id })}>
                  Edit authorizer {ws.authorizers[0].name}
                </button>
              )}
            </>
          )}
        </div>
        <table className="grid" style={{ marginTop: 16, maxWidth: 360 }}>
          <tbody>
            <tr><td><span className="kbd">{MOD_LABEL}+S</span></td><td>Save the open editor</td></tr>
            <tr><td><span className="kbd">{MOD_LABEL}+Enter</span></td><td>Send the request / run the authorizer test</td></tr>
            <tr><td><span className="kbd">{MOD_LABEL}+N</span></td><td>New API (or group)</td></tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}
