/** One recorded request's trace, opened from the gateway's live log. */
import { useEffect, useState } from 'react';
import type { TraceRecord } from '../../src-shared/trace';
import { InlineError } from '../components/ErrorNote';
import { errorMessage } from '../lib/errors';
import { useWorkspace } from '../state/WorkspaceContext';
import { TraceView } from '../trace/TraceView';

export function TraceScreen({ traceId }: { traceId: string }) {
  const ws = useWorkspace();
  const [trace, setTrace] = useState<TraceRecord>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    ws.api.getTrace({ id: traceId }).then(setTrace, (e) => setError(errorMessage(e)));
  }, [traceId, ws.api]);
  const flush = (authorizerId: string) => void ws.api.flushAuthorizerCache({ authorizerId }).catch((e) => setError(errorMessage(e)));
  return (
    <div className="screen" data-testid="trace-screen">
      <InlineError error={error} />
      {trace ? <TraceView trace={trace} onFlushCache={flush} /> : !error && <span className="spinner" />}
    </div>
  );
}
