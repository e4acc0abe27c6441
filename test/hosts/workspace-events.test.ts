/**
 * Live workspace: every committed write reaches the UI as a `workspace-changed` event (SSE in the
 * browser host, relayed over IPC by the Electron shell), and opening another workspace refuses files
 * that are not workspaces with a message that says why.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsUrl, WorkbenchError, type WorkbenchEvent } from '../../src-shared/contract';
import { followCoreEvents } from '../../src-main/hosts/electron/core-link';
import { WorkspaceStore } from '../../src-main/store/workspace-store';
import { startHostFixture, type HostFixture } from './helpers';

let fx: HostFixture;
beforeAll(async () => {
  fx = await startHostFixture();
});
afterAll(async () => {
  await fx?.close();
});

/** Reads the SSE stream until `done(events)` holds (or the stream ends), then closes it. */
async function readSseUntil(act: () => Promise<void>, done: (events: WorkbenchEvent[]) => boolean): Promise<WorkbenchEvent[]> {
  const stream = await request(fx.host.origin + eventsUrl(fx.host.token));
  expect(stream.statusCode).toBe(200);
  const iterator = stream.body[Symbol.asyncIterator]();
  // The first chunk arrives once the stream is subscribed: act only then, so no event is missed.
  await iterator.next();
  await act();
  const events: WorkbenchEvent[] = [];
  let buffer = '';
  while (!done(events)) {
    const { value, done: ended } = await iterator.next();
    if (ended) break;
    buffer += Buffer.from(value).toString('utf8');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      for (const line of block.split('\n')) if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)));
    }
  }
  stream.body.destroy();
  return events;
}

const changed = (events: WorkbenchEvent[]) => events.filter((e): e is Extract<WorkbenchEvent, { type: 'workspace-changed' }> => e.type === 'workspace-changed');

describe('workspace-changed events', () => {
  it('streams an API created through the contract as workspace-changed api <id> over SSE', async () => {
    const group = await fx.client.createGroup({ input: { name: 'live_group' } });
    let apiId = '';
    const events = await readSseUntil(
      async () => {
        apiId = (await fx.client.createApi({ input: { groupId: group.id, name: 'live_api', method: 'GET', path: '/live', backend: { type: 'MOCK' } } })).id;
      },
      (list) => changed(list).some((e) => e.entity === 'api' && e.id === apiId),
    );
    expect(changed(events).find((e) => e.entity === 'api')).toEqual({ type: 'workspace-changed', entity: 'api', id: apiId });
  });

  it('pushes writes the core makes directly in the store, once per entity, after the transaction commits', async () => {
    const seen: WorkbenchEvent[] = [];
    const off = fx.session.onEvent((e) => seen.push(e));
    try {
      const store = fx.session.workbench.store;
      let inside = -1;
      store.transaction(() => {
        const group = store.groups.create({ name: 'core_group' });
        for (let i = 0; i < 3; i++) store.apis.create({ groupId: group.id, name: `core_${i}`, method: 'GET', path: `/core/${i}`, backend: { type: 'MOCK' } });
        inside = seen.length;
      });
      // Nothing is announced before the commit: a rolled-back write must never reach the UI.
      expect(inside).toBe(0);
      const apiEvents = changed(seen).filter((e) => e.entity === 'api');
      expect(apiEvents).toHaveLength(3);
      expect(changed(seen).filter((e) => e.entity === 'group')).toHaveLength(1);
    } finally {
      off();
    }
  });

  it('announces nothing for a write the store rejects', async () => {
    const seen: WorkbenchEvent[] = [];
    const off = fx.session.onEvent((e) => seen.push(e));
    try {
      await expect(fx.client.createGroup({ input: { name: '1 not a valid name!' } })).rejects.toBeInstanceOf(WorkbenchError);
      expect(changed(seen)).toEqual([]);
    } finally {
      off();
    }
  });

  it('relays workspace-changed over the Electron shell\'s link to the core', async () => {
    const received: WorkbenchEvent[] = [];
    const follower = followCoreEvents({ url: fx.host.origin, token: fx.host.token }, (e) => received.push(e));
    try {
      // The follower connects asynchronously: write until it has seen one of our writes.
      const ids: string[] = [];
      for (let i = 0; i < 50 && !changed(received).some((e) => e.id && ids.includes(e.id)); i++) {
        ids.push((await fx.client.createFunction({ input: { name: `relay_fn_${i}`, runtime: 'nodejs', source: { kind: 'inline', code: 'exports.handler = async () => ({})' } } })).id);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const relayed = changed(received).find((e) => e.id && ids.includes(e.id));
      expect(relayed).toMatchObject({ type: 'workspace-changed', entity: 'function' });
    } finally {
      follower.stop();
    }
  });
});

describe('opening and creating workspaces', () => {
  it('follows the newly opened workspace: its writes are pushed, and the UI is told to reload', async () => {
    const seen: WorkbenchEvent[] = [];
    const off = fx.session.onEvent((e) => seen.push(e));
    const original = fx.session.info().file;
    try {
      const file = path.join(fx.dir, 'second.db');
      const info = await fx.client.createWorkspace({ file });
      expect(info.file).toBe(file);
      expect(info.recent[0]).toBe(file);
      expect(seen.find((e) => e.type === 'workspace')).toMatchObject({ info: { file } });
      const group = await fx.client.createGroup({ input: { name: 'in_second' } });
      expect(changed(seen).some((e) => e.entity === 'group' && e.id === group.id)).toBe(true);
      // The recent list lets the UI go back.
      const back = await fx.client.openWorkspace({ file: original });
      expect(back.file).toBe(original);
      expect(back.recent.slice(0, 2)).toEqual([original, file]);
      expect((await fx.client.listGroups()).some((g) => g.name === 'in_second')).toBe(false);
    } finally {
      off();
    }
  });

  it('refuses to open a file that is not a SQLite database, saying so', async () => {
    const file = path.join(fx.dir, 'notes.txt');
    fs.writeFileSync(file, 'just some text, long enough to have a header-sized start…'.repeat(4));
    const error = await fx.client.openWorkspace({ file }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbenchError);
    expect((error as WorkbenchError).kind).toBe('invalid-argument');
    expect((error as WorkbenchError).message).toContain('not a SQLite database');
  });

  it('refuses another program\'s SQLite database instead of migrating it', async () => {
    const file = path.join(fx.dir, 'other-app.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)');
    db.close();
    const error = (await fx.client.openWorkspace({ file }).catch((e: unknown) => e)) as WorkbenchError;
    expect(error.message).toContain('not an APIG Workbench workspace');
    // Untouched: still only its own table.
    const check = new Database(file, { readonly: true });
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([{ name: 'notes' }]);
    check.close();
  });

  it('reports a workspace held by another process as a conflict naming the process', async () => {
    const file = path.join(fx.dir, 'held.db');
    WorkspaceStore.open(file).close();
    // A live process that is not us: our parent (the test runner).
    fs.writeFileSync(`${file}.lock`, String(process.ppid));
    const error = (await fx.client.openWorkspace({ file }).catch((e: unknown) => e)) as WorkbenchError;
    expect(error.kind).toBe('conflict');
    expect(error.message).toContain(`in use by another process (pid ${process.ppid})`);
    expect(fx.session.info().file).not.toBe(file);
  });
});
