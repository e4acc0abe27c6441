/**
 * The definition planner reads files on a worker thread; a newer editor check of the same file
 * drops the older one (waiting or running) instead of queueing behind it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DefinitionPlanner, SupersededError } from '../../src-main/definitions/plan-in-worker';

const HEAD = `swagger: "2.0"\ninfo: {title: g_one, version: '1'}\n`;
const heavy = () => `${HEAD}x-big: &big\n${Array.from({ length: 60_000 }, (_, i) => `  k${i}: v`).join('\n')}\n  k5: again\npaths: {}\n`;
const small = `${HEAD}paths:\n  /a:\n    get:\n      operationId: a_api\n      x-apigateway-backend: {type: MOCK, mockEndpoints: {result-content: a}}\n`;

let planner: DefinitionPlanner | undefined;
afterEach(async () => {
  await planner?.close();
  planner = undefined;
});

describe('DefinitionPlanner', () => {
  it('a newer check of the same file supersedes the running one; the newest is answered', async () => {
    planner = new DefinitionPlanner();
    const first = planner.check(heavy(), {}, 'edited.yaml');
    const second = planner.check(heavy(), {}, 'edited.yaml');
    const newest = planner.check(small, {}, 'edited.yaml');
    await expect(first).rejects.toBeInstanceOf(SupersededError);
    await expect(second).rejects.toThrow('the check of edited.yaml was superseded by a newer one');
    const plan = await newest;
    expect(plan.apis.map((a) => a.name)).toEqual(['a_api']);
  });

  it('checks of other files, and imports, are never dropped', async () => {
    planner = new DefinitionPlanner();
    const other = planner.check(small, {}, 'other.yaml');
    const imported = planner.planForImport(small, { newGroup: true });
    const mine = planner.check(small, {}, 'mine.yaml');
    expect((await other).apis).toHaveLength(1);
    expect((await imported).plan.apis).toHaveLength(1);
    expect((await mine).apis).toHaveLength(1);
  });

  it('positions asked after an import come from the worker that read the file', async () => {
    planner = new DefinitionPlanner();
    const { locator } = await planner.planForImport(small, { newGroup: true });
    const diagnostics = [{ severity: 'error' as const, message: 'x', pointer: locatorPointer(locator), line: 0, column: 0 }];
    await locator.locatedLater(diagnostics);
    expect(diagnostics[0]).toMatchObject({ line: 7, column: 7 });
  });

  it('after close, calls fail with a clear error', async () => {
    planner = new DefinitionPlanner();
    await planner.close();
    await expect(planner.check(small, {}, 'x.yaml')).rejects.toThrow('the definition planner is closed');
  });
});

/** Asks the locator as applyImport's DiagnosticSink would, and returns the pointer asked. */
function locatorPointer(locator: { locate(pointer: string): unknown }): string {
  const pointer = '/paths/~1a/get/x-apigateway-backend';
  locator.locate(pointer);
  return pointer;
}
