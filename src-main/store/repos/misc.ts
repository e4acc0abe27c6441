/** Settings (key/value) and the tester's request history: workbench state, not APIG objects. */
import type { TesterRequest } from '../../../src-shared/rules/inputs';
import { ValidationError } from '../../../src-shared/rules/issues';
import { fromJson, newId, NotFoundError, nowIso, toJson, type StoreContext } from '../context';

export interface SettingsRepo {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

export interface HistoryRepo {
  /** Newest first; default 100. */
  list(limit?: number): TesterRequest[];
  add(r: Omit<TesterRequest, 'id' | 'createdAt'>): TesterRequest;
  remove(id: string): void;
}

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
}
const toRequest = (r: HistoryRow): TesterRequest => ({
  id: r.id,
  createdAt: r.created_at,
  name: r.name,
  method: r.method,
  url: r.url,
  headers: fromJson<Record<string, string>>(r.headers) ?? {},
  body: r.body,
  env: r.env,
});

export function createHistoryRepo(ctx: StoreContext): HistoryRepo {
  const add = ctx.db.transaction((r: TesterRequest) => {
    ctx
      .stmt('INSERT INTO tester_history (id, created_at, name, method, url, headers, body, env) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(r.id, r.createdAt, r.name, r.method, r.url, toJson(r.headers), r.body, r.env);
    ctx.stmt('DELETE FROM tester_history WHERE rowid <= (SELECT rowid FROM tester_history ORDER BY rowid DESC LIMIT 1 OFFSET ?)').run(HISTORY_LIMIT);
  });
  return {
    list(limit = 100) {
      const n = Math.min(Math.max(Math.trunc(limit), 1), HISTORY_LIMIT);
      return (ctx.stmt('SELECT * FROM tester_history ORDER BY rowid DESC LIMIT ?').all(n) as HistoryRow[]).map(toRequest);
    },
    add(input) {
      const issues = [];
      if (typeof input.method !== 'string' || !input.method) issues.push({ field: 'method', rule: 'required', message: 'is required' });
      if (typeof input.url !== 'string' || !input.url) issues.push({ field: 'url', rule: 'required', message: 'is required' });
      if (issues.length) throw new ValidationError(issues, 'invalid tester request');
      const r: TesterRequest = {
        id: newId(),
        createdAt: nowIso(),
        name: input.name ?? '',
        method: input.method,
        url: input.url,
        headers: input.headers ?? {},
        body: input.body ?? '',
        env: input.env ?? '',
      };
      add(r);
      return r;
    },
    remove(id) {
      if (ctx.stmt('DELETE FROM tester_history WHERE id = ?').run(id).changes === 0) throw new NotFoundError('tester request', id);
    },
  };
}
