/** Settings (key/value) and the tester's request history: workbench state, not APIG objects. */
import type { SendRequestResult, TesterOutcome, TesterRun } from '../../../src-shared/contract';
import type { TesterRequest } from '../../../src-shared/rules/inputs';
import { traceHeadline } from '../../../src-shared/trace-headline';
import { ValidationError } from '../../../src-shared/rules/issues';
import { fromJson, newId, NotFoundError, nowIso, toJson, type StoreContext } from '../context';

export interface SettingsRepo {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

export interface HistoryRepo {
  /** Newest first; default 100. */
  list(limit?: number): TesterRun[];
  /** With the run's result, the entry keeps its outcome for the list and the result to reopen. */
  add(r: Omit<TesterRequest, 'id' | 'createdAt'>, result?: SendRequestResult): TesterRun;
  /** The result saved with an entry, or undefined when it has none. */
  result(id: string): SendRequestResult | undefined;
  remove(id: string): void;
}

/** A response body kept in the history is cut here: the trace holds the rest of what a run explains. */
export const HISTORY_BODY_LIMIT = 256 * 1024;

/** Older tester entries beyond this are dropped, so the history cannot grow without bound. */
export const HISTORY_LIMIT = 500;

export function createSettingsRepo(ctx: StoreContext): SettingsRepo {
  return {
    get(key) {
      return (ctx.stmt('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
    },
    set: (key, value) =>
      ctx.transaction(() => {
        if (typeof key !== 'string' || key === '') throw new ValidationError([{ field: 'key', rule: 'required', message: 'is required' }], 'invalid setting');
        if (typeof value !== 'string') throw new ValidationError([{ field: 'value', rule: 'type', message: 'must be a string' }], `invalid setting ${key}`);
        ctx.stmt('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
        ctx.emit('settings', key);
      }),
  };
}

interface HistoryRow {
  id: string;
  created_at: string;
  name: string;
  method: string;
  url: string;
  headers: string;
  body: string;
  env: string;
  outcome: string | null;
}
const toRequest = (r: HistoryRow): TesterRun => ({
  id: r.id,
  createdAt: r.created_at,
  name: r.name,
  method: r.method,
  url: r.url,
  headers: fromJson<Record<string, string>>(r.headers) ?? {},
  body: r.body,
  env: r.env,
  ...(r.outcome !== null ? { outcome: fromJson<TesterOutcome>(r.outcome) } : {}),
});

function outcomeOf(result: SendRequestResult): TesterOutcome {
  const outcome: TesterOutcome = { status: result.status, durationMs: result.durationMs };
  if (result.requestId) outcome.requestId = result.requestId;
  if (result.trace) outcome.headline = traceHeadline(result.trace);
  return outcome;
}

function kept(result: SendRequestResult): SendRequestResult {
  if (result.body.length <= HISTORY_BODY_LIMIT) return result;
  return { ...result, body: result.body.slice(0, HISTORY_BODY_LIMIT), bodyTruncated: true };
}

function checkResult(result: SendRequestResult): void {
  const issues = [];
  if (!Number.isInteger(result.status)) issues.push({ field: 'result.status', rule: 'type', message: 'must be an integer' });
  if (typeof result.body !== 'string') issues.push({ field: 'result.body', rule: 'type', message: 'must be a string' });
  if (typeof result.durationMs !== 'number') issues.push({ field: 'result.durationMs', rule: 'type', message: 'must be a number' });
  const trace = result.trace;
  if (trace !== undefined && (typeof trace !== 'object' || !Array.isArray(trace.authorizers) || typeof trace.response !== 'object'))
    issues.push({ field: 'result.trace', rule: 'type', message: 'must be a gateway trace' });
  if (issues.length) throw new ValidationError(issues, 'invalid tester result');
}

export function createHistoryRepo(ctx: StoreContext): HistoryRepo {
  const add = ctx.db.transaction((r: TesterRun, result: SendRequestResult | undefined) => {
    ctx
      .stmt('INSERT INTO tester_history (id, created_at, name, method, url, headers, body, env, outcome, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(r.id, r.createdAt, r.name, r.method, r.url, toJson(r.headers), r.body, r.env, r.outcome ? toJson(r.outcome) : null, result ? toJson(kept(result)) : null);
    ctx.stmt('DELETE FROM tester_history WHERE rowid <= (SELECT rowid FROM tester_history ORDER BY rowid DESC LIMIT 1 OFFSET ?)').run(HISTORY_LIMIT);
  });
  return {
    list(limit = 100) {
      const n = Math.min(Math.max(Math.trunc(limit), 1), HISTORY_LIMIT);
      return (ctx.stmt('SELECT * FROM tester_history ORDER BY rowid DESC LIMIT ?').all(n) as HistoryRow[]).map(toRequest);
    },
    add(input, result) {
      if (result !== undefined) checkResult(result);
      const issues = [];
      if (typeof input.method !== 'string' || !input.method) issues.push({ field: 'method', rule: 'required', message: 'is required' });
      if (typeof input.url !== 'string' || !input.url) issues.push({ field: 'url', rule: 'required', message: 'is required' });
      if (issues.length) throw new ValidationError(issues, 'invalid tester request');
      const r: TesterRun = {
        id: newId(),
        createdAt: nowIso(),
        name: input.name ?? '',
        method: input.method,
        url: input.url,
        headers: input.headers ?? {},
        body: input.body ?? '',
        env: input.env ?? '',
      };
      if (result) r.outcome = outcomeOf(result);
      add(r, result);
      return r;
    },
    result(id) {
      const row = ctx.stmt('SELECT result FROM tester_history WHERE id = ?').get(id) as { result: string | null } | undefined;
      if (!row) throw new NotFoundError('tester request', id);
      return fromJson<SendRequestResult>(row.result);
    },
    remove(id) {
      if (ctx.stmt('DELETE FROM tester_history WHERE id = ?').run(id).changes === 0) throw new NotFoundError('tester request', id);
    },
  };
}
