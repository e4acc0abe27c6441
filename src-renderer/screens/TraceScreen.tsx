/** One recorded request's trace, opened from the gateway's live log: replay it, export it, keep it as a test case. */
import { useEffect, useState } from 'react';
import type { TraceRecord } from '../../src-shared/trace';
import type { SendRequestArgs } from '../../src-shared/contract';
import { InlineError } from '../components/ErrorNote';
import { errorMessage } from '../lib/errors';
import { HarExportButton } from '../lab/HarExportButton';
import { SaveAsCaseDialog } from '../lab/SaveAsCaseDialog';
import { useNav } from '../state/NavContext';
import { useWorkspace } from '../state/WorkspaceContext';
import { TraceView } from '../trace/TraceView';

export function TraceScreen({ traceId }: { traceId: string }) {
  const ws = useWorkspace();
  const nav = useNav();
  const [trace, setTrace] = useState<TraceRecord>();
  const [error, setError] = useState<string>();
  /** The trace's request as the core rebuilds it (masked credentials out, override as its header). */
  const [request, setRequest] = useState<{ request: SendRequestArgs; warnings: string[] }>();
  const [savingCase, setSavingCase] = useState(false);
  useEffect(() => {
    ws.api.getTrace({ id: traceId }).then(setTrace, (e) => setError(errorMessage(e)));
    ws.api.traceRequest({ id: traceId }).then(setRequest, () => setRequest(undefined));
  }, [traceId, ws.api]);
  const flush = async (authorizerId: string) => (await ws.api.flushAuthorizerCache({ authorizerId })).flushed;
  const replay = () => {
    if (!request) return;
    const { method, url, headers = {}, body, env } = request.request;
    // The gateway's own address adds nothing; another host (a group's domain) picks the group and stays.
    const path = url.replace(/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?/i, '');
    // X-Stage becomes the tester's environment picker, as in every other way into the tester.
    const kept = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'x-stage'));
    nav.replayInTester({ method, url: path, headers: kept, body: body ?? '', env: env && env !== 'RELEASE' ? env : '', warnings: request.warnings });
  };
  return (
    <div className="screen" data-testid="trace-screen">
      {trace && (
        <div className="row" style={{ flexWrap: 'wrap' }}>
          <span className="grow" />
          <HarExportButton ids={[trace.id]} fileName={`${trace.requestId || trace.id}.har`} />
          <button className="btn small" onClick={() => setSavingCase(true)} disabled={!request} title="Append this request to a test suite, expecting what the gateway did" data-testid="save-as-case">
            Save as test case
          </button>
          <button className="btn small" onClick={replay} disabled={!request} title="Open this request in the tester to send it again or change it" data-testid="replay-in-tester">
            Replay in tester
          </button>
        </div>
      )}
      <InlineError error={error} />
      {trace ? <TraceView trace={trace} onFlushCache={flush} /> : !error && <span className="spinner" />}
      {savingCase && trace && request && (
        <SaveAsCaseDialog run={{ request: { ...request.request, headers: request.request.headers ?? {} }, status: trace.response.status, trace }} warnings={request.warnings.filter(lostInTrace)} onClose={() => setSavingCase(false)} />
      )}
    </div>
  );
}

/**
 * Replay warnings that also hold for a saved case: what the trace did not keep (a masked credential,
 * a cut body). Signatures and overrides are the case's own notes (credentials.app, asContext).
 */
const lostInTrace = (warning: string) => /masked|body/.test(warning);
