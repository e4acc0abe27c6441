/** Named test events per function: workbench state kept with the function, not an APIG object. */
import { MAX_TEST_EVENTS_PER_FUNCTION, testEventIssues, type NamedTestEvent } from '../../../src-shared/lab/test-events';
import { throwIfIssues, ValidationError } from '../../../src-shared/rules/issues';
import { fromJson, newId, NotFoundError, nowIso, toJson, type StoreContext } from '../context';

export interface TestEventsRepo {
  /** One function's events, by name. */
  list(functionId: string): NamedTestEvent[];
  /** Creates the event, or replaces the one of that function with that name. */
  save(input: { functionId: string; name: string; event: unknown }): NamedTestEvent;
  remove(id: string): void;
}

interface Row {
  id: string;
  function_id: string;
  name: string;
  event: string;
  created_at: string;
  updated_at: string;
}

const toEvent = (r: Row): NamedTestEvent => ({
  id: r.id,
  functionId: r.function_id,
  name: r.name,
  event: fromJson(r.event),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function createTestEventsRepo(ctx: StoreContext): TestEventsRepo {
  return {
    list: (functionId) => (ctx.stmt('SELECT * FROM function_test_events WHERE function_id = ? ORDER BY name').all(functionId) as Row[]).map(toEvent),
    save: (input) =>
      ctx.transaction(() => {
        throwIfIssues(testEventIssues(input), `invalid test event ${String(input.name)}`);
        if (!ctx.stmt('SELECT 1 FROM functions WHERE id = ?').get(input.functionId)) throw new NotFoundError('function', input.functionId);
        const existing = ctx.stmt('SELECT * FROM function_test_events WHERE function_id = ? AND name = ?').get(input.functionId, input.name) as Row | undefined;
        const now = nowIso();
        if (existing) {
          ctx.stmt('UPDATE function_test_events SET event = ?, updated_at = ? WHERE id = ?').run(toJson(input.event), now, existing.id);
        } else {
          const count = (ctx.stmt('SELECT COUNT(*) AS n FROM function_test_events WHERE function_id = ?').get(input.functionId) as { n: number }).n;
          if (count >= MAX_TEST_EVENTS_PER_FUNCTION)
            throw new ValidationError([{ field: 'name', rule: 'max-count', message: `a function keeps at most ${MAX_TEST_EVENTS_PER_FUNCTION} test events` }], 'cannot save test event');
          ctx.stmt('INSERT INTO function_test_events (id, function_id, name, event, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
            .run(newId(), input.functionId, input.name, toJson(input.event), now, now);
        }
        ctx.emit('testEvent', input.functionId);
        return toEvent(ctx.stmt('SELECT * FROM function_test_events WHERE function_id = ? AND name = ?').get(input.functionId, input.name) as Row);
      }),
    remove(id) {
      const row = ctx.stmt('SELECT function_id FROM function_test_events WHERE id = ?').get(id) as { function_id: string } | undefined;
      if (!row) throw new NotFoundError('test event', id);
      ctx.stmt('DELETE FROM function_test_events WHERE id = ?').run(id);
      ctx.emit('testEvent', row.function_id);
    },
  };
}
