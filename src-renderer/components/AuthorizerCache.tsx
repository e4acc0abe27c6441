/**
 * The authorizer cache as the gateway holds it: every live entry with its identity key, decision,
 * context, age and TTL left, each flushable. Shown by the gateway panel and by the lab's cache
 * inspector (which adds the workbench clock).
 */
import { useCallback, useEffect, useState } from 'react';
import type { AuthorizerCacheEntry } from '../../src-shared/contract';
import { errorMessage } from '../lib/errors';
import { useWorkspace } from '../state/WorkspaceContext';

export interface AuthorizerCache {
  entries: AuthorizerCacheEntry[];
  error?: string;
  setError(error: string | undefined): void;
  reload(): Promise<void>;
  /** Flushes every entry, one authorizer's, or one entry, then reads the cache again. */
  flush(args: { authorizerId?: string; key?: string }): Promise<void>;
}

export function useAuthorizerCache(): AuthorizerCache {
  const ws = useWorkspace();
  const [entries, setEntries] = useState<AuthorizerCacheEntry[]>([]);
  const [error, setError] = useState<string>();
  const reload = useCallback(
    () =>
      ws.api.authorizerCache().then(
        (list) => {
          setEntries(list);
          setError(undefined);
        },
        (e) => setError(errorMessage(e)),
      ),
    [ws.api],
  );
  // Requests fill the cache: read it again whenever one arrives.
  const requests = ws.liveTraces.length;
  useEffect(() => void reload(), [reload, requests]);
  const flush = useCallback(
    (args: { authorizerId?: string; key?: string }) =>
      ws.api.flushAuthorizerCache(args).then(reload, (e) => setError(errorMessage(e))),
    [ws.api, reload],
  );
  return { entries, error, setError, reload, flush };
}

export function AuthorizerCacheTable({ cache, testId, rowTestId }: { cache: AuthorizerCache; testId?: string; rowTestId?: string }) {
  const ws = useWorkspace();
  const authorizerName = (id: string) => ws.authorizers.find((a) => a.id === id)?.name ?? id;
  if (cache.entries.length === 0) {
    return (
      <div className="muted" style={{ marginTop: 6 }}>
        Empty. Authorizers with a cache TTL keep their results here, keyed by their identity sources.
      </div>
    );
  }
  return (
    <table className="grid" style={{ marginTop: 6 }} data-testid={testId}>
      <thead>
        <tr>
          <th>Authorizer</th>
          <th>Identity key</th>
          <th>Decision</th>
          <th>Context</th>
          <th>Age</th>
          <th>TTL left</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {cache.entries.map((e) => (
          <tr key={e.authorizerId + '\0' + e.key} data-testid={rowTestId}>
            <td>{authorizerName(e.authorizerId)}</td>
            <td className="mono">{e.key}</td>
            <td>
              <span className={`badge ${e.decision === 'allow' ? 'ok' : 'err'}`}>{e.decision}</span>
            </td>
            <td className="mono">{JSON.stringify(e.context)}</td>
            <td>{e.ageSec}s</td>
            <td>
              {e.ttlLeftSec}s of {e.ttlSec}s
            </td>
            <td>
              <button className="btn small" onClick={() => void cache.flush({ authorizerId: e.authorizerId, key: e.key })}>
                Flush
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
