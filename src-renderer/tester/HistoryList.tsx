/** Saved tester requests (kept in the workspace): load one into the form, re-send, or remove it. */
import type { TesterRequest } from '../../src-shared/contract';
import { MethodBadge } from '../components/MethodBadge';

export function HistoryList({ items, onLoad, onResend, onRemove }: { items: TesterRequest[]; onLoad(r: TesterRequest): void; onResend(r: TesterRequest): void; onRemove(r: TesterRequest): void }) {
  if (items.length === 0) return <div className="muted">Requests you send are kept here, in the workspace.</div>;
  return (
    <div data-testid="tester-history" style={{ maxHeight: 260, overflowY: 'auto' }}>
      {items.map((r) => (
        <div key={r.id} className="tree-item" onClick={() => onLoad(r)} title={r.createdAt}>
          <MethodBadge method={r.method} />
          <span className="label mono">{r.url}</span>
          {r.env && <span className="badge">{r.env}</span>}
          <button
            className="icon-btn"
            title="Send again"
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
            onClick={(e) => {
              e.stopPropagation();
              onRemove(r);
            }}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
