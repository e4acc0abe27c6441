/**
 * The cache inspector: every live authorizer-cache entry with its identity key, decision, context,
 * age and TTL left; flush one or all; the workbench clock moved forward to watch entries expire.
 */
import { useCallback, useEffect, useState } from 'react';
import type { WorkbenchClockState } from '../../src-shared/contract';
import { AuthorizerCacheTable, useAuthorizerCache } from '../components/AuthorizerCache';
import { InlineError } from '../components/ErrorNote';
import { Section } from '../components/Section';
import { errorMessage } from '../lib/errors';
import { useWorkspace } from '../state/WorkspaceContext';

export function CachePanel() {
  const ws = useWorkspace();
  const cache = useAuthorizerCache();
  const [clock, setClock] = useState<WorkbenchClockState>();
  const { setError } = cache;
  const loadClock = useCallback(() => ws.api.workbenchClock().then(setClock, (e) => setError(errorMessage(e))), [ws.api, setError]);
  // Read with the cache, so the time shown is that of the entries' ages.
  const requests = ws.liveTraces.length;
  useEffect(() => void loadClock(), [loadClock, requests]);
  const act = (fn: () => Promise<unknown>) => async () => {
    try {
      await fn();
    } catch (e) {
      setError(errorMessage(e));
    }
    await Promise.all([cache.reload(), loadClock()]);
  };
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
          <button className="btn small" onClick={act(() => ws.api.flushAuthorizerCache({}))} disabled={cache.entries.length === 0} data-testid="lab-flush-all">
            Flush all
          </button>
        </div>
      }
    >
      <div className="muted" data-testid="lab-clock">
        Workbench clock: {clock ? new Date(clock.now).toLocaleTimeString() : '…'} ({ahead}). Only the cache runs on it.
      </div>
      <InlineError error={cache.error} />
      <AuthorizerCacheTable cache={cache} testId="lab-cache-entries" rowTestId="lab-cache-row" />
    </Section>
  );
}
