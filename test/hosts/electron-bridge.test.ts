/**
 * The Electron shell's Node-testable parts: the IPC handlers (sender and argument checks, one channel
 * per method) and its link to the core (contract calls and live events over the real browser host).
 * Electron itself is not installed here; these run the same code with a recording ipcMain.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC_CHANNEL_PREFIX, METHOD_NAMES, type ContractResponse, type WorkbenchEvent } from '../../src-shared/contract';
import { registerContractIpc, externalUrlToOpen, isAppUrl } from '../../src-main/hosts/electron/ipc-bridge';
import { coreCall, followCoreEvents, takeEndpointFromEnv } from '../../src-main/hosts/electron/core-link';
import { CORE_TOKEN_ENV, CORE_URL_ENV } from '../../src-main/hosts/electron/core-endpoint';
import type { IpcMainInvokeEvent, IpcMainLike, WebContents } from '../../src-main/hosts/electron/electron-surface';
import { startHostFixture, type HostFixture } from './helpers';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

function recordingIpc(): IpcMainLike & { handlers: Map<string, Handler> } {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener as Handler);
    },
    removeHandler: (channel) => void handlers.delete(channel),
  };
}

const windowContents = { id: 1 } as WebContents;
const fromApp: IpcMainInvokeEvent = { sender: windowContents, senderFrame: { url: 'app://workbench/index.html' } };
const fromElsewhere: IpcMainInvokeEvent = { sender: windowContents, senderFrame: { url: 'https://evil.example/' } };
const trusted = (e: IpcMainInvokeEvent) => e.sender === windowContents && isAppUrl(e.senderFrame?.url);

let fx: HostFixture;
beforeAll(async () => {
  fx = await startHostFixture();
});
afterAll(async () => fx?.close());

describe('Electron IPC handlers', () => {
  it('registers exactly one named channel per contract method and removes them all', () => {
    const ipc = recordingIpc();
    const dispose = registerContractIpc(ipc, async () => ({ result: null }), trusted);
    expect([...ipc.handlers.keys()].sort()).toEqual(METHOD_NAMES.map((m) => IPC_CHANNEL_PREFIX + m).sort());
    dispose();
    expect(ipc.handlers.size).toBe(0);
  });

  it('refuses a call from a frame that is not the workbench page', async () => {
    const ipc = recordingIpc();
    let forwarded = 0;
    registerContractIpc(ipc, async () => ((forwarded++, { result: [] })), trusted);
    const reply = (await ipc.handlers.get(IPC_CHANNEL_PREFIX + 'listGroups')!(fromElsewhere, {})) as ContractResponse<unknown>;
    expect(reply).toMatchObject({ error: { kind: 'forbidden' } });
    expect(forwarded).toBe(0);
  });

  it('refuses malformed arguments before they reach the core, naming the argument', async () => {
    const ipc = recordingIpc();
    let forwarded = 0;
    registerContractIpc(ipc, async () => ((forwarded++, { result: null })), trusted);
    const reply = (await ipc.handlers.get(IPC_CHANNEL_PREFIX + 'removeApi')!(fromApp, { id: ['x'] })) as any;
    expect(reply.error.kind).toBe('invalid-argument');
    expect(reply.error.message).toContain("argument 'id'");
    const extra = (await ipc.handlers.get(IPC_CHANNEL_PREFIX + 'listGroups')!(fromApp, {}, 'second')) as any;
    expect(extra.error.message).toContain('one argument object');
    expect(forwarded).toBe(0);
  });

  it('forwards a valid call to the core over HTTP and returns its result', async () => {
    const ipc = recordingIpc();
    registerContractIpc(ipc, coreCall({ url: fx.host.origin, token: fx.host.token }), trusted);
    const created = (await ipc.handlers.get(IPC_CHANNEL_PREFIX + 'createGroup')!(fromApp, { input: { name: 'ipc_group' } })) as any;
    expect(created.result.name).toBe('ipc_group');
    const listed = (await ipc.handlers.get(IPC_CHANNEL_PREFIX + 'listGroups')!(fromApp, undefined)) as any;
    expect(listed.result.map((g: { name: string }) => g.name)).toContain('ipc_group');
  });

  it('gets unauthorized from the core with a wrong token', async () => {
    const call = coreCall({ url: fx.host.origin, token: 'not-the-token' });
    expect(await call('listGroups', {})).toMatchObject({ error: { kind: 'unauthorized' } });
  });
});

describe('Electron link to core events', () => {
  it('relays gateway events from the core stream', async () => {
    const received: WorkbenchEvent[] = [];
    const follower = followCoreEvents({ url: fx.host.origin, token: fx.host.token }, (e) => received.push(e));
    try {
      // Toggle the gateway until the stream (connected asynchronously) has seen a status event.
      for (let i = 0; i < 50 && !received.some((e) => e.type === 'gateway'); i++) {
        await fx.client.stopGateway();
        await fx.client.startGateway({ port: 0 });
      }
      expect(received.find((e) => e.type === 'gateway')).toMatchObject({ type: 'gateway', status: { configuredPort: 0 } });
    } finally {
      follower.stop();
    }
  });
});

describe('external links', () => {
  it('opens only http(s) URLs that parse', () => {
    expect(externalUrlToOpen('https://support.huaweicloud.com/apig/')).toBe('https://support.huaweicloud.com/apig/');
    expect(externalUrlToOpen('file:///etc/passwd')).toBeUndefined();
    expect(externalUrlToOpen('javascript:alert(1)')).toBeUndefined();
    expect(externalUrlToOpen('smb://host/share')).toBeUndefined();
    expect(externalUrlToOpen('not a url')).toBeUndefined();
  });

  it('treats only app://workbench pages as the app', () => {
    expect(isAppUrl('app://workbench/index.html')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('http://127.0.0.1:3000/')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });
});

describe('the core endpoint handed to the Electron shell', () => {
  it('is taken out of the environment, so no process the shell starts later (shell.openExternal, a core) inherits the token', () => {
    const before = { url: process.env[CORE_URL_ENV], token: process.env[CORE_TOKEN_ENV] };
    process.env[CORE_URL_ENV] = 'http://127.0.0.1:1';
    process.env[CORE_TOKEN_ENV] = 'secret-core-token';
    try {
      expect(takeEndpointFromEnv()).toEqual({ url: 'http://127.0.0.1:1', token: 'secret-core-token' });
      // What openExternal does on Linux: start xdg-open with the shell's environment.
      const inherited = execFileSync('/bin/sh', ['-c', 'env'], { encoding: 'utf8' });
      expect(inherited).not.toContain('secret-core-token');
      expect(inherited).not.toContain(CORE_URL_ENV);
    } finally {
      for (const [name, value] of [[CORE_URL_ENV, before.url], [CORE_TOKEN_ENV, before.token]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
