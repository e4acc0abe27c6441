/**
 * The one logger (src-main/logger.ts): levels, fields, children, the cause chain; and the core's
 * lines reaching the logger a host injects (a real workspace file, a real gateway on a socket).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { collectingLogger, createLogger, formatLogRecord, textLogger, type LogRecord } from '../../src-main/logger';
import { WorkspaceStore } from '../../src-main/store/workspace-store';
import { createFixture, type Fixture } from '../gateway/fixture';

describe('the logger', () => {
  it('a child carries its fields on every line, after its parents’ and before the line’s own', () => {
    const { logger, records } = collectingLogger();
    const request = logger.child({ host: 'cli' }).child({ requestId: 'abc' });
    request.warn('slow backend', { ms: 1200 });
    request.info('plain');
    expect(records).toEqual<LogRecord[]>([
      { level: 'warn', message: 'slow backend', fields: { host: 'cli', requestId: 'abc', ms: 1200 } },
      { level: 'info', message: 'plain', fields: { host: 'cli', requestId: 'abc' } },
    ]);
  });

  it('drops lines below its level', () => {
    const { logger, records } = collectingLogger({ level: 'warn' });
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(records.map((r) => r.level)).toEqual(['warn', 'error']);
  });

  it('writes an error with its whole cause chain, and the other fields after the message', () => {
    const root = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const error = new Error('could not load the view', { cause: new Error('query failed', { cause: root }) });
    const lines: string[] = [];
    textLogger((text) => lines.push(text)).child({ requestId: 'r1' }).error('request failed', { error });
    expect(lines).toEqual(['request failed: could not load the view (requestId=r1)\n  caused by: query failed\n  caused by: connect ECONNREFUSED 127.0.0.1:5432']);
  });

  it('a line without fields is exactly its message; a thrown non-Error and a looping cause are written safely', () => {
    expect(formatLogRecord({ level: 'info', message: 'wrote out.json', fields: {} })).toBe('wrote out.json');
    expect(formatLogRecord({ level: 'error', message: 'failed', fields: { error: 'plain string' } })).toBe('failed: plain string');
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(formatLogRecord({ level: 'error', message: 'x', fields: { error: a } })).toBe('x: a\n  caused by: b');
  });

  it('a stack (a multi-line field) is written indented under the line', () => {
    const error = new Error('boom');
    error.stack = 'Error: boom\n    at f (a.ts:1:1)';
    const text = formatLogRecord({ level: 'error', message: 'getThing failed', fields: { error, stack: error.stack } });
    expect(text).toBe('getThing failed: boom\n    Error: boom\n        at f (a.ts:1:1)');
  });

  it('createLogger hands each record to the sink as it is written', () => {
    const seen: string[] = [];
    const logger = createLogger((r) => seen.push(`${r.level}:${r.message}`));
    logger.error('one');
    logger.info('two');
    expect(seen).toEqual(['error:one', 'info:two']);
  });
});

describe('the core logs through the injected logger', () => {
  const dirs: string[] = [];
  let fixture: Fixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('a failing store listener is logged with the change and the error; the write stays committed', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-log-'));
    dirs.push(dir);
    const { logger, records, text } = collectingLogger();
    const store = WorkspaceStore.open(path.join(dir, 'w.db'), { logger });
    try {
      store.onChange(() => {
        throw new Error('listener broke', { cause: new Error('inner reason') });
      });
      const group = store.groups.create({ name: 'logged_group' });
      expect(store.groups.get(group.id)?.name).toBe('logged_group');
      // One line per change the write made (the group, and what creating it brings along).
      expect(records.length).toBeGreaterThan(0);
      expect(records.every((r) => r.level === 'error' && r.message.endsWith('onChange listener failed'))).toBe(true);
      expect(records.map((r) => r.fields)).toContainEqual(expect.objectContaining({ entity: 'group', id: group.id }));
      expect(text()).toContain('onChange listener failed: listener broke');
      expect(text()).toContain('caused by: inner reason');
    } finally {
      store.close();
    }
  });

  it('a request that fails inside the gateway is logged with its request id, the one its response carries', async () => {
    const logs = collectingLogger();
    fixture = await createFixture({ logger: logs.logger });
    fixture.api({ name: 'logged_api', path: '/logged' });
    expect((await fixture.send('/logged')).status).toBe(200);
    expect(logs.records).toEqual([]);

    // Damage the published snapshot behind the store's back, then make any write so the gateway
    // recompiles its view from the damaged row on the next request.
    const raw = new Database(fixture.workbench.dbFile);
    raw.prepare("UPDATE publications SET snapshot = '{not json'").run();
    raw.close();
    fixture.workbench.store.settings.set('test.touch', '1');

    const broken = await fixture.send('/logged');
    expect(broken.status).toBe(500);
    expect(broken.requestId).toMatch(/\S/);
    const errors = logs.records.filter((r) => r.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toBe('request failed inside the gateway');
    expect(errors[0].fields.requestId).toBe(broken.requestId);
    expect(errors[0].fields.error).toBeInstanceOf(SyntaxError);
    expect(logs.text()).toContain(`(requestId=${broken.requestId})`);
  });
});
