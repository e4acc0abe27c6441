/**
 * The cache inspector: every live authorizer-cache entry with its identity key, decision, context,
 * age and TTL left; flush one or all; the workbench clock moved forward to watch entries expire.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AuthorizerCacheEntry, WorkbenchClockState } from '../../src-shared/contract';
import { InlineError } from '../components/ErrorNote';
import { Section } from '../components/Section';
import { errorMessage } from '../lib/errors';
import { useWorkspace } from '../state/WorkspaceContext';

export function CachePanel() {
  const ws = useWorkspace();
  const [entries, setEntries] = useState<AuthorizerCacheEntry[]>([]);
  const [clock, setClock] = useState<WorkbenchClockState>();
  const [error, setError] = useState<string>();
  const reload = useCallback(async () => {
    try {
      const [list, state] = await Promise.all([ws.api.authorizerCache(), ws.api.workbenchClock()]);
      setEntries(list);
      setClock(state);
      setError(undefined);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [ws.api]);
  // New requests may fill the cache: refresh when they arrive.
  useEffect(() => void reload(), [reload, ws.liveTraces.length]);
  const act = (fn: () => Promise<unknown>) => async () => {
    try {
      await fn();
    } catch (e) {
      setError(errorMessage(e));
    }
    await reload();
  };
  const authorizerName = (id: string) => ws.authorizers.find((a) => a.id === id)?.name ?? id;
  const clockNotes = [
    clock && clock.offsetMs > 0 && `${Math.round(clock.offsetMs / 1000)} s ahead of real time`,
    clock && clock.pausedMs >= 1000 && `held ${Math.round(clock.pausedMs / 1000)} s for breakpoints`,
    clock?.paused && 'standing still: a function is paused at a breakpoint',
  ].filter(Boolean);
  const ahead = clockNotes.length > 0 ? clockNotes.join('; ') : 'real time';

  return (
    <Section
      title="Authorizer cache"
      testId="lab-cache"
      actions={
        <div className="row">
          <button className="btn small" onClick={act(() => ws.api.advanceWorkbenchClock({ seconds: 60 }))} data-testid="lab-clock-1m">
            +1 min
          </button>
          <button className="btn small" onClick={act(() => ws.api.advanceWorkbenchClock({ seconds: 300 }))} data-testid="lab-clock-5m">
            +5 min
          </button>
          <button className="btn small" onClick={act(() => ws.api.resetWorkbenchClock())} disabled={!clock?.offsetMs && !clock?.pausedMs}>
            Real time
          </button>
          <button className="btn small" onClick={act(() => ws.api.flushAuthorizerCache({}))} disabled={entries.length === 0} data-testid="lab-flush-all">
            Flush all
          </button>
        </div>
      }
    >
      <div className="muted" data-testid="lab-clock">
        Workbench clock: {clock ? new Date(clock.now).toLocaleTimeString() : '…'} ({ahead}). Only the cache runs on it.
      </div>
      <InlineError error={error} />
      {entries.length === 0 ? (
        <div className="muted" style={{ marginTop: 6 }}>
          Empty. Authorizers with a cache TTL keep their results here, keyed by their identity sources.
        </div>
      ) : (
        <table className="grid" style={{ marginTop: 6 }} data-testid="lab-cache-entries">
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
            {entries.map((e) => (
              <tr key={e.authorizerId + '\0' + e.key} data-testid="lab-cache-row">
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
                  <button className="btn small" onClick={act(() => ws.api.flushAuthorizerCache({ authorizerId: e.authorizerId, key: e.key }))}>
                    Flush
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
