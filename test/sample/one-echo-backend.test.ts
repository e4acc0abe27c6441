/**
 * Opening the sample through a session (as `npm start` does) runs exactly one echo backend: the
 * workspace's, which #echo_host# points at, and which stops with the workspace.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkbenchSession } from '../../src-main/app/session';
import { ECHO_HOST_VARIABLE } from '../../src-main/sample/sample-workspace';

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

describe('the sample echo backend', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-echo-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('one echo server per open sample workspace: #echo_host# names it, and it stops when the session closes', async () => {
    const session = await WorkbenchSession.open(path.join(dir, 'sample.db'), { home: path.join(dir, 'home'), host: 'browser', gatewayPort: 0, createFromSampleIfMissing: true });
    const echoUrl = session.workbench.echoBackendUrl!;
    const echoPort = Number(new URL(echoUrl).port);
    const addresses = new Set(session.workbench.store.variables.list().filter((v) => v.name === ECHO_HOST_VARIABLE).map((v) => v.value));
    expect([...addresses]).toEqual([`127.0.0.1:${echoPort}`]);
    expect(await listening(echoPort)).toBe(true);
    // A second server would have taken the next free port and rewritten #echo_host# to it.
    expect(session.workbench.store.variables.list().some((v) => v.value.startsWith('127.0.0.1:') && v.value !== `127.0.0.1:${echoPort}`)).toBe(false);
    await session.close();
    expect(await listening(echoPort)).toBe(false);
  });
});
