/**
 * The tester history keeps each run: its outcome for the row (status, time, the trace's headline)
 * and its whole result (response and trace) to reopen, in a real workspace file that survives reopening.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SendRequestResult } from '../../src-shared/contract';
import { HISTORY_BODY_LIMIT } from '../../src-main/store/repos/misc';
import { NotFoundError, ValidationError, WorkspaceStore } from '../../src-main/store/workspace-store';

const request = { name: 'GET /guide', method: 'GET', url: '/guide', headers: { test: 'abc' }, body: '', env: '' };

function result(overrides: Partial<SendRequestResult> = {}): SendRequestResult {
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: '{"ok":true}',
    bodyEncoding: 'text',
    durationMs: 12.5,
    requestId: 'r1',
    trace: {
      id: 'r1',
      requestId: 'r1',
      startedAt: '2026-01-01T00:00:00.000Z',
      totalMs: 10,
      request: { method: 'GET', url: '/guide', host: '127.0.0.1', headers: {}, sourceIp: '127.0.0.1' },
      stages: [],
      authorizers: [
        { authorizerId: 'a1', authorizerName: 'python_authorizer', leg: 'frontend', functionName: 'python_auth', decision: 'allow', reason: 'allow', context: { user: 'abcd' }, cache: { enabled: false, hit: false }, durationMs: 5 },
      ],
      backend: { type: 'HTTP', params: [{ name: 'test', location: 'HEADER', origin: 'SYSTEM', source: '$context.authorizer.frontend.user', value: 'abcd' }] },
      response: { status: 200, headers: {} },
      fidelityNotes: [],
    },
    ...overrides,
  };
}

describe('tester history runs', () => {
  let dir: string;
  let store: WorkspaceStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'apigw-history-'));
    store = WorkspaceStore.open(join(dir, 'ws.db'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a run saved with its result lists its status, time and headline, and reopens the whole result after the file is reopened', () => {
    const saved = store.history.add(request, result());
    expect(saved.outcome).toEqual({
      status: 200,
      durationMs: 12.5,
      requestId: 'r1',
      headline: { authorizer: { name: 'python_authorizer', decision: 'allow' }, mapped: [{ key: 'user', value: 'abcd', to: 'header test' }], unmappedKeys: [], status: 200 },
    });
    store.close();
    store = WorkspaceStore.open(join(dir, 'ws.db'));
    expect(store.history.list()[0]).toEqual(saved);
    expect(store.history.result(saved.id)).toEqual(result());
  });

  it('a request saved without a result has no outcome and reopens as null', () => {
    const saved = store.history.add(request);
    expect(saved.outcome).toBeUndefined();
    expect(store.history.list()[0].outcome).toBeUndefined();
    expect(store.history.result(saved.id)).toBeUndefined();
  });

  it('a body over the limit is kept cut and marked', () => {
    const saved = store.history.add(request, result({ body: 'x'.repeat(HISTORY_BODY_LIMIT + 10) }));
    const reopened = store.history.result(saved.id)!;
    expect(reopened.body).toHaveLength(HISTORY_BODY_LIMIT);
    expect(reopened.bodyTruncated).toBe(true);
  });

  it('a malformed result is refused naming the field, and nothing is saved', () => {
    expect(() => store.history.add(request, { ...result(), status: 'ok' as never, trace: { nope: 1 } as never })).toThrow(ValidationError);
    try {
      store.history.add(request, { ...result(), trace: { nope: 1 } as never });
    } catch (e) {
      expect((e as ValidationError).issues.map((i) => i.field)).toEqual(['result.trace']);
    }
    expect(store.history.list()).toEqual([]);
  });

  it('the result of an unknown entry is a not-found error', () => {
    expect(() => store.history.result('missing')).toThrow(NotFoundError);
  });
});
