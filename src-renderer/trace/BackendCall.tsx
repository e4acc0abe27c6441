/** The backend request exactly as the backend received it, and what came back. */
import type { BackendRequestTrace } from '../../src-shared/trace';
import { JsonBlock, KvTable } from '../components/JsonBlock';
import { StatusCode } from '../components/MethodBadge';

export function BackendCall({ backend }: { backend: BackendRequestTrace }) {
  return (
    <div className="stack" data-testid="backend-call">
      <div className="row">
        <span className="badge accent">{backend.type}</span>
        {backend.method && <b className="mono">{backend.method}</b>}
        {backend.url && <span className="mono">{backend.url}</span>}
        {backend.functionName && (
          <span>
            function <code>{backend.functionName}</code>
          </span>
        )}
        <span className="grow" />
        {backend.status !== undefined && <StatusCode status={backend.status} />}
        {backend.attempts !== undefined && backend.attempts > 1 && <span className="badge warn">{backend.attempts} attempts</span>}
        {backend.durationMs !== undefined && <span className="muted">{backend.durationMs.toFixed(1)} ms</span>}
      </div>
      {backend.error && <div className="note error">{backend.error}</div>}
      {backend.headers && (
        <div>
          <h4>Headers the backend received</h4>
          <KvTable record={backend.headers} />
        </div>
      )}
      {backend.body !== undefined && backend.body !== '' && (
        <div>
          <h4>Body{backend.bodyTruncated ? ' (truncated)' : ''}</h4>
          <JsonBlock value={backend.body} />
        </div>
      )}
      {backend.event !== undefined && (
        <details>
          <summary>Event sent to the function</summary>
          <JsonBlock value={backend.event} />
        </details>
      )}
      {backend.rawResult !== undefined && (
        <div>
          <h4>Function result</h4>
          <JsonBlock value={backend.rawResult} />
        </div>
      )}
      {backend.logs && backend.logs.length > 0 && (
        <div>
          <h4>Function logs</h4>
          <pre className="code-box">{backend.logs.join('\n')}</pre>
        </div>
      )}
    </div>
  );
}
