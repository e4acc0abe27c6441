/**
 * Saved tester runs (kept in the workspace), newest first: each row says how the run ended — status,
 * the authorizer's decision, gateway response type — and when, in which environment, how long it
 * took. Click a row to reopen the run (request, response and trace), ↻ to send it again, tick two to
 * compare them.
 */
import type { TesterRun } from '../../src-shared/contract';
import { MethodBadge, StatusCode } from '../components/MethodBadge';

export interface HistoryListProps {
  items: TesterRun[];
  /** The run shown below the form, highlighted. */
  shownId?: string;
  /** Runs ticked for comparison (at most two). */
  picked: string[];
  onLoad(r: TesterRun): void;
  onResend(r: TesterRun): void;
  onRemove(r: TesterRun): void;
  onPick(r: TesterRun, picked: boolean): void;
}

const DECISION_WORDS: Record<string, string> = { allow: 'allow', deny: 'deny', relaxed: 'allow (relaxed)', error: 'error', 'identities-failure': 'identity missing' };

export function HistoryList({ items, shownId, picked, onLoad, onResend, onRemove, onPick }: HistoryListProps) {
  if (items.length === 0) return <div className="muted">Requests you send are kept here, in the workspace, with their response and trace.</div>;
  return (
    <div data-testid="tester-history" className="history-list">
      {items.map((r) => {
        const decision = r.outcome?.headline?.authorizer?.decision;
        const errorType = r.outcome?.headline?.errorType;
        const isPicked = picked.includes(r.id);
        return (
          <div key={r.id} className={`history-row${r.id === shownId ? ' on' : ''}`} onClick={() => onLoad(r)} title={`${r.method} ${r.url}\n${new Date(r.createdAt).toLocaleString()}`} data-testid="history-row">
            <input
              type="checkbox"
              checked={isPicked}
              disabled={!isPicked && picked.length >= 2}
              onClick={(e) => e.stopPropagation()}
              onChange={(e) => onPick(r, e.target.checked)}
              aria-label={`Compare ${r.method} ${r.url} sent ${new Date(r.createdAt).toLocaleTimeString()}`}
              data-testid="history-pick"
            />
            <div className="history-main">
              <div className="history-line">
                <MethodBadge method={r.method} />
                <span className="mono history-url">{r.url}</span>
                {r.outcome ? <StatusCode status={r.outcome.status} /> : <span className="muted">—</span>}
              </div>
              <div className="history-line muted" data-testid="history-meta">
                {decision && <span className={`decision ${decision}`}>{DECISION_WORDS[decision] ?? decision}</span>}
                {errorType && <span className="badge err">{errorType}</span>}
                <span className="badge">{r.env || 'RELEASE'}</span>
                <span>{new Date(r.createdAt).toLocaleTimeString()}</span>
                {r.outcome && <span>{r.outcome.durationMs.toFixed(0)} ms</span>}
              </div>
            </div>
            <button
              className="icon-btn"
              title="Send again"
              aria-label="Send again"
              onClick={(e) => {
                e.stopPropagation();
                onResend(r);
              }}
            >
              ↻
            </button>
            <button
              className="icon-btn"
              title="Remove from history"
              aria-label="Remove from history"
              onClick={(e) => {
                e.stopPropagation();
                onRemove(r);
              }}
            >
              ×
            </button>
          </div>
        );
      })}
    </div>
  );
}
