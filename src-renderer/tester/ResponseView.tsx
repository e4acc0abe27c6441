/** The gateway's response: status, time, size, body (searchable) and headers. */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { SendRequestResult } from '../../src-shared/contract';
import { JsonBlock, KvTable, pretty } from '../components/JsonBlock';
import { StatusCode } from '../components/MethodBadge';

export function ResponseView({ result }: { result: SendRequestResult }) {
  const [tab, setTab] = useState<'body' | 'headers'>('body');
  const [query, setQuery] = useState('');
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
          <div className="stack" style={{ gap: 4 }}>
            {result.body && (
              <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search the body" aria-label="Search the response body" data-testid="response-search" />
            )}
            {query ? <SearchableBody text={pretty(result.body)} query={query} /> : <JsonBlock value={result.body || '(empty body)'} testId="response-body" />}
          </div>
        )
      ) : (
        <KvTable record={result.headers} />
      )}
    </div>
  );
}

/** The body with every (case-insensitive) match of `query` marked, the count said, the first in view. */
function SearchableBody({ text, query }: { text: string; query: string }) {
  const box = useRef<HTMLPreElement>(null);
  const parts = useMemo(() => {
    const out: { text: string; match: boolean }[] = [];
    const lower = text.toLowerCase();
    const needle = query.toLowerCase();
    let at = 0;
    for (let i = lower.indexOf(needle); needle && i >= 0; i = lower.indexOf(needle, i + needle.length)) {
      if (i > at) out.push({ text: text.slice(at, i), match: false });
      out.push({ text: text.slice(i, i + needle.length), match: true });
      at = i + needle.length;
    }
    if (at < text.length) out.push({ text: text.slice(at), match: false });
    return out;
  }, [text, query]);
  const count = parts.filter((p) => p.match).length;
  useEffect(() => {
    box.current?.querySelector('mark')?.scrollIntoView({ block: 'nearest' });
  }, [parts]);
  return (
    <>
      <div className="muted" role="status" data-testid="response-search-count">
        {count === 0 ? 'No match' : `${count} ${count === 1 ? 'match' : 'matches'}`}
      </div>
      <pre className="code-box" ref={box} data-testid="response-body">
        {parts.map((p, i) => (p.match ? <mark key={i}>{p.text}</mark> : p.text))}
      </pre>
    </>
  );
}
