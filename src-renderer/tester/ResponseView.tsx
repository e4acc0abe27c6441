/** The gateway's response: status, time, size, body and headers. */
import { useState } from 'react';
import type { SendRequestResult } from '../../src-shared/contract';
import { JsonBlock, KvTable } from '../components/JsonBlock';
import { StatusCode } from '../components/MethodBadge';

export function ResponseView({ result }: { result: SendRequestResult }) {
  const [tab, setTab] = useState<'body' | 'headers'>('body');
  const size = result.bodyEncoding === 'base64' ? Math.floor((result.body.length * 3) / 4) : new TextEncoder().encode(result.body).length;
  return (
    <div className="stack" data-testid="response">
      <div className="response-meta">
        <span data-testid="response-status">
          <StatusCode status={result.status} />
        </span>
        <span className="muted">{result.durationMs.toFixed(1)} ms</span>
        <span className="muted">{size} bytes</span>
        {result.requestId && <span className="muted mono">X-Request-Id {result.requestId}</span>}
      </div>
      {result.bodyTruncated && <div className="note warn">Reopened from the history: only the first part of this large body was kept.</div>}
      <div className="subtabs">
        <button className={tab === 'body' ? 'on' : ''} onClick={() => setTab('body')}>
          Body
        </button>
        <button className={tab === 'headers' ? 'on' : ''} onClick={() => setTab('headers')}>
          Headers ({Object.keys(result.headers).length})
        </button>
      </div>
      {tab === 'body' ? (
        result.bodyEncoding === 'base64' ? (
          <div className="note">Binary body ({size} bytes, shown as Base64)<pre className="code-box">{result.body}</pre></div>
        ) : (
          <JsonBlock value={result.body || '(empty body)'} testId="response-body" />
        )
      ) : (
        <KvTable record={result.headers} />
      )}
    </div>
  );
}
