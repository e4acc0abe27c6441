/**
 * One authorizer run, as the gateway judged it: the decision and why, every contract rule the result
 * broke, the context it returned, the cache, the raw result, the event it got and its logs.
 * Used by the authorizer "Test" panel and inside request traces.
 */
import { useState } from 'react';
import type { AuthorizerTrace } from '../../src-shared/trace';
import { errorMessage } from '../lib/errors';
import { JsonBlock, KvTable } from '../components/JsonBlock';
import { LabMarks } from '../lab/LabMarks';

/** `showReason` is off inside a trace, whose authorizer stage already says why. */
export function AuthorizerRun({
  run,
  showEvent = true,
  showReason = true,
  onFlushCache,
}: {
  run: AuthorizerTrace;
  showEvent?: boolean;
  showReason?: boolean;
  onFlushCache?: () => Promise<number>;
}) {
  const [flushed, setFlushed] = useState<string>();
  const flush = async () => {
    try {
      const n = await onFlushCache!();
      setFlushed(n === 0 ? 'Nothing cached: the cache was already empty.' : `Flushed ${n} cached ${n === 1 ? 'result' : 'results'}: the next request runs the function.`);
    } catch (e) {
      setFlushed(`Could not flush: ${errorMessage(e)}`);
    }
  };
  return (
    <div className="stack" data-testid="authorizer-run">
      <div className="row">
        <span className={`decision ${run.decision}`} data-testid="decision">
          {run.decision}
        </span>
        {showReason && <span>{run.reason}</span>}
        <span className="grow" />
        <span className="muted">{run.durationMs.toFixed(1)} ms</span>
      </div>
      {run.violations && run.violations.length > 0 && (
        <div className="note error" data-testid="violations">
          The result breaks {run.violations.length === 1 ? 'this rule' : 'these rules'}:
          <ul>
            {run.violations.map((v, i) => (
              <li key={i}>{v}</li>
            ))}
          </ul>
        </div>
      )}
      <LabMarks run={run} />
      {run.cache.enabled && (
        <div className="row">
          <span className={`badge ${run.cache.hit ? 'accent' : ''}`}>cache {run.cache.hit ? 'hit' : 'miss'}</span>
          {run.cache.key && (
            <span className="mono muted" title="Cache key">
              key {run.cache.key}
            </span>
          )}
          {run.cache.ttlLeftSec !== undefined && <span className="muted">{run.cache.ttlLeftSec}s left</span>}
          {onFlushCache && (
            <button className="btn small" onClick={() => void flush()} data-testid="flush-cache">
              Flush cache
            </button>
          )}
          {flushed && (
            <span className="muted" role="status" data-testid="flush-result">
              {flushed}
            </span>
          )}
        </div>
      )}
      <div>
        <h4>Context</h4>
        <KvTable record={run.context} empty="(no context)" />
      </div>
      <div>
        <h4>Raw result</h4>
        <JsonBlock value={run.rawResult} testId="raw-result" />
      </div>
      {showEvent && run.event !== undefined && (
        <details>
          <summary>Event sent to {run.functionName}</summary>
          <JsonBlock value={run.event} />
        </details>
      )}
      <div>
        <h4>Logs</h4>
        {run.logs && run.logs.length > 0 ? <pre className="code-box" data-testid="logs">{run.logs.join('\n')}</pre> : <div className="muted">(no output)</div>}
      </div>
    </div>
  );
}
