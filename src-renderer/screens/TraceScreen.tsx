/** One recorded request's trace, opened from the gateway's live log. */
import { useEffect, useState } from 'react';
import type { TraceRecord } from '../../src-shared/trace';
import { InlineError } from '../components/ErrorNote';
import { errorMessage } from '../lib/errors';
import { useNav } from '../state/NavContext';
import { useWorkspace } from '../state/WorkspaceContext';

const NOT_REPLAYED = new Set(['host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding', 'expect', 'x-stage']);
import { TraceView } from '../trace/TraceView';

export function TraceScreen({ traceId }: { traceId: string }) {
  const ws = useWorkspace();
  const nav = useNav();
  const [trace, setTrace] = useState<TraceRecord>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    ws.api.getTrace({ id: traceId }).then(setTrace, (e) => setError(errorMessage(e)));
  }, [traceId, ws.api]);
  const flush = async (authorizerId: string) => (await ws.api.flushAuthorizerCache({ authorizerId })).flushed;
  const replay = () => {
    if (!trace) return;
    const headers: Record<string, string> = {};
    // What the client sent, less what the tester sets itself (Host, length, hop-by-hop) and X-Stage (its environment picker).
    for (const [name, value] of Object.entries(trace.request.headers)) if (!NOT_REPLAYED.has(name.toLowerCase())) headers[name] = value;
    nav.replayInTester({ method: trace.request.method, url: trace.request.url, headers, body: trace.request.body ?? '', env: trace.request.headers['x-stage'] ?? '' });
  };
  return (
    <div className="screen" data-testid="trace-screen">
      {trace && (
        <div className="row">
          <span className="grow" />
          <button className="btn small" onClick={replay} title="Open this request in the tester to send it again or change it" data-testid="replay-in-tester">
            Replay in tester
          </button>
        </div>
      )}
      <InlineError error={error} />
      {trace ? <TraceView trace={trace} onFlushCache={flush} /> : !error && <span className="spinner" />}
    </div>
  );
}
