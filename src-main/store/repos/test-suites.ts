/** Test suites saved in the workspace: workbench state, not an APIG object. */
import { MAX_SAVED_SUITES, savedSuiteIssues, type SavedSuite } from '../../../src-shared/lab/saved-suites';
import { throwIfIssues, ValidationError } from '../../../src-shared/rules/issues';
import { newId, NotFoundError, nowIso, type StoreContext } from '../context';

export interface TestSuitesRepo {
  /** By name. */
  list(): SavedSuite[];
  get(id: string): SavedSuite | undefined;
  /** Creates a suite (no id) or replaces the name and text of suite `id`. */
  save(input: { id?: string; name: string; text: string }): SavedSuite;
  remove(id: string): void;
}

interface Row {
  id: string;
  name: string;
  text: string;
  created_at: string;
  updated_at: string;
}

const toSuite = (r: Row): SavedSuite => ({ id: r.id, name: r.name, text: r.text, createdAt: r.created_at, updatedAt: r.updated_at });

export function createTestSuitesRepo(ctx: StoreContext): TestSuitesRepo {
  const get = (id: string) => {
    const row = ctx.stmt('SELECT * FROM test_suites WHERE id = ?').get(id) as Row | undefined;
    return row && toSuite(row);
  };
  return {
    list: () => (ctx.stmt('SELECT * FROM test_suites ORDER BY name COLLATE NOCASE').all() as Row[]).map(toSuite),
    get,
    save: (input) =>
      ctx.transaction(() => {
        throwIfIssues(savedSuiteIssues(input), `invalid test suite ${String(input.name)}`);
        const clash = ctx.stmt('SELECT id FROM test_suites WHERE name = ? COLLATE NOCASE').get(input.name) as { id: string } | undefined;
        if (clash && clash.id !== input.id)
          throw new ValidationError([{ field: 'name', rule: 'unique', message: `a test suite named ${input.name} already exists` }], 'cannot save test suite');
        const now = nowIso();
        let id = input.id;
        if (id) {
          if (!get(id)) throw new NotFoundError('test suite', id);
          ctx.stmt('UPDATE test_suites SET name = ?, text = ?, updated_at = ? WHERE id = ?').run(input.name, input.text, now, id);
        } else {
          const count = (ctx.stmt('SELECT COUNT(*) AS n FROM test_suites').get() as { n: number }).n;
          if (count >= MAX_SAVED_SUITES)
            throw new ValidationError([{ field: 'name', rule: 'max-count', message: `a workspace keeps at most ${MAX_SAVED_SUITES} test suites` }], 'cannot save test suite');
          id = newId();
          ctx.stmt('INSERT INTO test_suites (id, name, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(id, input.name, input.text, now, now);
        }
        ctx.emit('testSuite', id);
        return get(id)!;
      }),
    remove(id) {
      if (!get(id)) throw new NotFoundError('test suite', id);
      ctx.stmt('DELETE FROM test_suites WHERE id = ?').run(id);
      ctx.emit('testSuite', id);
    },
  };
}
