/**
 * Request traces, written in batches by the gateway. Retention is a row count: after each batch
 * everything older than the newest N rows goes, as one range delete on the integer primary key.
 */
import type { TraceRecord, TraceSummary } from '../../../src-shared/trace';
import { ValidationError } from '../../../src-shared/rules/issues';
import { traceHeadline } from '../../../src-shared/trace-headline';
import { fromJson, toJson, type StoreContext } from '../context';

export interface TracesRepo {
  append(records: TraceRecord[]): void;
  /** Newest first. `before` is a trace id (exclusive cursor) or an ISO startedAt. */
  list(q?: { limit?: number; before?: string; apiId?: string }): TraceSummary[];
  get(id: string): TraceRecord | undefined;
  clear(): void;
  retention(): number;
  setRetention(n: number): void;
}

export const DEFAULT_TRACE_RETENTION = 2000;
const RETENTION_KEY = 'traces.retention';
const MAX_RETENTION = 1_000_000;
const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

interface SummaryRow {
  id: string;
  request_id: string;
  started_at: string;
  method: string;
  url: string;
  status: number;
  total_ms: number;
  api_name: string | null;
  env: string | null;
  error_type: string | null;
  headline: string | null;
}
const toSummary = (r: SummaryRow): TraceSummary => {
  const s: TraceSummary = { id: r.id, requestId: r.request_id, startedAt: r.started_at, method: r.method, url: r.url, status: r.status, totalMs: r.total_ms };
  if (r.api_name !== null) s.apiName = r.api_name;
  if (r.env !== null) s.env = r.env;
  if (r.error_type !== null) s.errorType = r.error_type;
  if (r.headline !== null) s.headline = fromJson(r.headline);
  return s;
};

export function createTracesRepo(ctx: StoreContext): TracesRepo {
  const retention = (): number => {
    const row = ctx.stmt('SELECT value FROM settings WHERE key = ?').get(RETENTION_KEY) as { value: string } | undefined;
    const n = row ? Number(row.value) : NaN;
    return Number.isInteger(n) && n >= 1 ? n : DEFAULT_TRACE_RETENTION;
  };
  const prune = () => {
    ctx.stmt('DELETE FROM traces WHERE seq <= (SELECT seq FROM traces ORDER BY seq DESC LIMIT 1 OFFSET ?)').run(retention());
  };
  const insert = ctx.db.transaction((records: TraceRecord[]) => {
    // OR IGNORE: a batch the gateway re-sends after a failed write must not duplicate or fail.
    const stmt = ctx.stmt(
      'INSERT OR IGNORE INTO traces (id, request_id, started_at, method, url, status, total_ms, api_id, api_name, env, error_type, headline, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const r of records) {
      stmt.run(
        r.id, r.requestId, r.startedAt, r.request.method, r.request.url, r.response.status, r.totalMs,
        r.apiId ?? null, r.apiName ?? null, r.env ?? null, r.response.errorType ?? null, toJson(traceHeadline(r)), toJson(r),
      );
    }
    prune();
  });

  return {
    append(records) {
      if (records.length) insert(records);
    },
    list(q = {}) {
      const limit = Math.min(Math.max(Math.trunc(q.limit ?? DEFAULT_PAGE), 1), MAX_PAGE);
      let beforeSeq: number | null = null;
      let beforeTime: string | null = null;
      if (q.before) {
        const cursor = ctx.stmt('SELECT seq FROM traces WHERE id = ?').get(q.before) as { seq: number } | undefined;
        if (cursor) beforeSeq = cursor.seq;
        else beforeTime = q.before;
      }
      const rows = ctx
        .stmt(
          `SELECT id, request_id, started_at, method, url, status, total_ms, api_name, env, error_type, headline FROM traces
           WHERE (@apiId IS NULL OR api_id = @apiId) AND (@beforeSeq IS NULL OR seq < @beforeSeq) AND (@beforeTime IS NULL OR started_at < @beforeTime)
           ORDER BY seq DESC LIMIT @limit`,
        )
        .all({ apiId: q.apiId ?? null, beforeSeq, beforeTime, limit }) as SummaryRow[];
      return rows.map(toSummary);
    },
    get(id) {
      const row = ctx.stmt('SELECT record FROM traces WHERE id = ?').get(id) as { record: string } | undefined;
      return fromJson<TraceRecord>(row?.record);
    },
    clear() {
      ctx.stmt('DELETE FROM traces').run();
    },
    retention,
    setRetention(n) {
      if (!Number.isInteger(n) || n < 1 || n > MAX_RETENTION) {
        throw new ValidationError([{ field: 'retention', rule: 'range', message: `must be an integer between 1 and ${MAX_RETENTION} (got ${n})` }], 'invalid trace retention');
      }
      ctx.db.transaction(() => {
        ctx.stmt('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(RETENTION_KEY, String(n));
        prune();
      })();
    },
  };
}
