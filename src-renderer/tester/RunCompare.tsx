/**
 * Two tester runs side by side: the request sent, how the gateway decided (status, authorizer
 * decision and why, cache), the context the authorizer returned, and the request the backend got.
 * Rows that differ are marked, so the one change that flipped the answer stands out.
 */
import type { SendRequestResult, TesterRun } from '../../src-shared/contract';

export interface ComparedRun {
  run: TesterRun;
  /** null when the run was saved without its result (older history). */
  result: SendRequestResult | null;
}

/** `neutral` rows always differ (when each run was sent) and are not highlighted. */
type Row = { group: string } | { label: string; a?: string; b?: string; neutral?: boolean };

const unionKeys = (a: Record<string, unknown> = {}, b: Record<string, unknown> = {}) => [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
const show = (v: unknown): string | undefined => (v === undefined ? undefined : typeof v === 'string' ? v : JSON.stringify(v));

/** The rows of the comparison, grouped: request, decision, context, backend request. */
export function compareRows(a: ComparedRun, b: ComparedRun): Row[] {
  const rows: Row[] = [{ group: 'Request' }];
  const side = (f: (r: ComparedRun) => unknown): { a?: string; b?: string } => ({ a: show(f(a)), b: show(f(b)) });
  rows.push({ label: 'Sent', ...side((r) => new Date(r.run.createdAt).toLocaleString()), neutral: true });
  rows.push({ label: 'Request', ...side((r) => `${r.run.method} ${r.run.url}`) });
  rows.push({ label: 'Environment', ...side((r) => r.run.env || 'RELEASE') });
  for (const key of unionKeys(a.run.headers, b.run.headers)) rows.push({ label: `header ${key}`, ...side((r) => r.run.headers[key]) });
  if (a.run.body || b.run.body) rows.push({ label: 'Body', ...side((r) => r.run.body) });

  rows.push({ group: 'Decision' });
  rows.push({ label: 'Status', ...side((r) => (r.result ? String(r.result.status) : r.run.outcome ? String(r.run.outcome.status) : undefined)) });
  rows.push({ label: 'Gateway response', ...side((r) => r.result?.trace?.response.errorType) });
  const authorizer = (r: ComparedRun) => r.result?.trace?.authorizers.find((x) => x.leg === 'frontend');
  rows.push({ label: 'Authorizer decision', ...side((r) => authorizer(r) && `${authorizer(r)!.decision} (${authorizer(r)!.authorizerName})`) });
  rows.push({ label: 'Why', ...side((r) => authorizer(r)?.reason) });
  rows.push({ label: 'Cache', ...side((r) => { const c = authorizer(r)?.cache; return c?.enabled ? (c.hit ? 'hit' : 'miss') : undefined; }) });

  rows.push({ group: 'Context' });
  const ctxA = authorizer(a)?.context;
  const ctxB = authorizer(b)?.context;
  const keys = unionKeys(ctxA, ctxB);
  if (keys.length === 0) rows.push({ label: '(no context)' });
  for (const key of keys) rows.push({ label: key, a: show(ctxA?.[key]), b: show(ctxB?.[key]) });

  rows.push({ group: 'Backend request' });
  const backend = (r: ComparedRun) => r.result?.trace?.backend;
  rows.push({ label: 'Request', ...side((r) => backend(r) && [backend(r)!.type, backend(r)!.method, backend(r)!.url ?? backend(r)!.functionName].filter(Boolean).join(' ')) });
  for (const key of unionKeys(backend(a)?.headers, backend(b)?.headers)) rows.push({ label: `header ${key}`, ...side((r) => backend(r)?.headers?.[key]) });
  return rows;
}

export function RunCompare({ a, b, onClose }: { a: ComparedRun; b: ComparedRun; onClose(): void }) {
  const rows = compareRows(a, b);
  return (
    <div className="stack" data-testid="run-compare">
      <div className="row">
        <span className="muted">Rows that differ are highlighted. A missing value shows as —.</span>
        <span className="grow" />
        <button className="btn small" onClick={onClose} data-testid="close-compare">
          Close comparison
        </button>
      </div>
      <table className="grid compare">
        <thead>
          <tr>
            <th />
            <th>A · {new Date(a.run.createdAt).toLocaleTimeString()}</th>
            <th>B · {new Date(b.run.createdAt).toLocaleTimeString()}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) =>
            'group' in row ? (
              <tr key={i} className="group">
                <td colSpan={3}>{row.group}</td>
              </tr>
            ) : (
              <tr key={i} className={row.a !== row.b && !row.neutral ? 'diff' : ''} data-testid="compare-row" data-label={row.label}>
                <td>{row.label}</td>
                <td className="mono">{row.a ?? <span className="muted">—</span>}</td>
                <td className="mono">{row.b ?? <span className="muted">—</span>}</td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
