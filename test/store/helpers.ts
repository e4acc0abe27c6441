import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { WorkspaceStore } from '../../src-main/store/workspace-store';
import type { ApiInput } from '../../src-shared/rules/inputs';
import type { RuleIssue } from '../../src-shared/rules/issues';
import type { TraceRecord } from '../../src-shared/trace';

const dirs: string[] = [];
const stores: WorkspaceStore[] = [];

/** A fresh directory under os.tmpdir(), removed after the test. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apig-store-'));
  dirs.push(dir);
  return dir;
}

export function tempDbFile(): string {
  return path.join(tempDir(), 'workspace.db');
}

/** Opens a store on a fresh file; closed after the test. */
export function openTemp(file = tempDbFile()): WorkspaceStore {
  const store = WorkspaceStore.open(file);
  stores.push(store);
  return store;
}

export function track(store: WorkspaceStore): WorkspaceStore {
  stores.push(store);
  return store;
}

afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

export function mockApi(groupId: string, over: Partial<ApiInput> = {}): ApiInput {
  return { groupId, name: 'getThing', method: 'GET', path: '/things', backend: { type: 'MOCK', body: '{"ok":true}' }, ...over };
}

/** Runs fn, expects it to throw an error carrying rule issues, and returns them. */
export function issuesOf(fn: () => unknown): RuleIssue[] {
  try {
    fn();
  } catch (e) {
    const issues = (e as { issues?: RuleIssue[] }).issues;
    if (!issues) throw new Error(`expected a ValidationError, got: ${(e as Error).message}`);
    return issues;
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}

/** The single issue for `field` (fails the test loudly when absent). */
export function issueAt(issues: RuleIssue[], field: string): RuleIssue {
  const found = issues.find((i) => i.field === field);
  if (!found) throw new Error(`no issue at ${field}; issues: ${JSON.stringify(issues)}`);
  return found;
}

/** A stored trace whose id (t00001…), request id and start time follow from `i`. */
export function sampleTrace(i: number, over: Partial<TraceRecord> = {}): TraceRecord {
  return {
    id: `t${String(i).padStart(5, '0')}`,
    requestId: `req${i}`,
    startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    totalMs: 3.5,
    request: { method: 'GET', url: `/things?i=${i}`, host: 'localhost', headers: {}, sourceIp: '127.0.0.1' },
    stages: [],
    authorizers: [],
    response: { status: 200, headers: {} },
    fidelityNotes: [],
    ...over,
  };
}
