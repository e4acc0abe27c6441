/**
 * Publishing per environment: the gateway serves what is published, not the draft. Shows where the
 * API is live (and whether the draft changed since), publishes or takes it offline, and the history.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Publication } from '../../../src-shared/model';
import { Section } from '../../components/Section';
import { InlineError } from '../../components/ErrorNote';
import { errorMessage } from '../../lib/errors';
import { useWorkspace } from '../../state/WorkspaceContext';

export function PublishPanel({ apiId, dirty }: { apiId: string; dirty: boolean }) {
  const ws = useWorkspace();
  const [history, setHistory] = useState<Publication[]>([]);
  const [remark, setRemark] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const listItem = ws.apis.find((a) => a.api.id === apiId);

  const loadHistory = useCallback(() => {
    ws.api.publicationHistory({ apiId }).then(setHistory, (e) => setError(errorMessage(e)));
  }, [ws.api, apiId]);
  useEffect(loadHistory, [loadHistory, listItem]);

  const act = async (what: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await what();
      // The API list (and so this panel's states) follows the core's change event; the history is this panel's own.
      loadHistory();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title="Publishing" testId="publish-panel">
      {dirty && <div className="note warn">Unsaved changes: save first — publishing publishes the saved API.</div>}
      <InlineError error={error} />
      <table className="grid">
        <thead>
          <tr>
            <th>Environment</th>
            <th>State</th>
            <th style={{ width: 240 }} />
          </tr>
        </thead>
        <tbody>
          {ws.environments.map((env) => {
            const pub = listItem?.publications.find((p) => p.envId === env.id);
            return (
              <tr key={env.id} data-testid={`publish-row-${env.name}`}>
                <td>{env.name}</td>
                <td>
                  {pub ? (
                    <span className="row">
                      <span className="badge ok">published</span>
                      <span className="muted">{new Date(pub.publishedAt).toLocaleString()}</span>
                      {pub.stale && <span className="badge warn" title="The draft changed after publishing; the gateway still serves the published version.">draft changed</span>}
                    </span>
                  ) : (
                    <span className="badge">offline</span>
                  )}
                </td>
                <td>
                  <div className="row">
                    <button className="btn small primary" disabled={busy || dirty} onClick={() => act(() => ws.api.publishApi({ apiId, envId: env.id, remark: remark || undefined }))}>
                      {pub ? 'Republish' : 'Publish'}
                    </button>
                    {pub && (
                      <button className="btn small" disabled={busy} onClick={() => act(() => ws.api.takeApiOffline({ apiId, envId: env.id }))}>
                        Take offline
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <input value={remark} onChange={(e) => setRemark(e.target.value)} placeholder="Remark for the next publication (optional)" />
      <details>
        <summary>History ({history.length})</summary>
        <table className="grid">
          <tbody>
            {history.map((p) => (
              <tr key={p.id}>
                <td>{ws.environments.find((e) => e.id === p.envId)?.name ?? p.envId}</td>
                <td>{new Date(p.publishedAt).toLocaleString()}</td>
                <td>{p.active ? <span className="badge ok">active</span> : <span className="badge">superseded / offline</span>}</td>
                <td>{p.remark}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </Section>
  );
}
