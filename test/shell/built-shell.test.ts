/**
 * The Electron shell as built (electron-vite), tested without Electron's binary: the preload bundle
 * runs in an empty context with stand-ins for contextBridge / ipcRenderer, and the main bundle runs
 * in this Node process against a recording stand-in of the Electron APIs it calls, linked to a real
 * core (session + browser host on loopback).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_GLOBAL, IPC_CHANNEL_PREFIX, IPC_EVENT_CHANNEL, METHOD_NAMES } from '../../src-shared/contract';
import { CONTENT_SECURITY_POLICY } from '../../src-main/hosts/browser/access';
import { CORE_TOKEN_ENV, CORE_URL_ENV } from '../../src-main/hosts/electron/core-endpoint';
import type { IpcMainInvokeEvent } from '../../src-main/hosts/electron/electron-surface';
import { startHostFixture, type HostFixture } from '../hosts/helpers';
import { buildShell, type BuiltShell } from './build-shell';
import { createElectronStandIn, fire, standInWebContents } from './electron-stand-in';

let shell: BuiltShell;
beforeAll(async () => {
  shell = await buildShell();
}, 180_000);
afterAll(() => shell?.remove());

/** Runs the built preload as Electron's sandbox would: its own context, `require` for electron only. */
function runPreload() {
  const exposed: { key: string; api: any }[] = [];
  const invoked: { channel: string; args: unknown[] }[] = [];
  const listeners = new Map<string, ((event: unknown, ...args: unknown[]) => void)[]>();
  const ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]) => {
      invoked.push({ channel, args });
      return { result: channel };
    },
    on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => listeners.set(channel, [...(listeners.get(channel) ?? []), listener]),
    removeListener: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) =>
      listeners.set(channel, (listeners.get(channel) ?? []).filter((l) => l !== listener)),
  };
  const contextBridge = { exposeInMainWorld: (key: string, api: unknown) => exposed.push({ key, api }) };
  const required: string[] = [];
  const require = (name: string) => {
    required.push(name);
    if (name === 'electron') return { contextBridge, ipcRenderer };
    throw new Error(`a sandboxed preload cannot require ${name}`);
  };
  const module = { exports: {} };
  const wrapper = vm.runInNewContext(`(function (exports, require, module) {${fs.readFileSync(shell.preloadFile, 'utf8')}\n})`, {});
  wrapper(module.exports, require, module);
  return { exposed, invoked, listeners, required };
}

describe('built preload', () => {
  it('exposes one frozen object: one named function per contract method, plus host and onEvent, nothing else', () => {
    const { exposed, required } = runPreload();
    expect(required).toEqual(['electron']);
    expect(exposed.map((e) => e.key)).toEqual([BRIDGE_GLOBAL]);
    const api = exposed[0].api;
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual(['host', 'onEvent', ...METHOD_NAMES].sort());
    expect(api.host).toBe('electron');
    for (const method of [...METHOD_NAMES, 'onEvent']) expect(typeof api[method], method).toBe('function');
    expect(api.invoke).toBeUndefined();
    expect(api.ipcRenderer).toBeUndefined();
  });

  it('each method invokes its own fixed channel with one argument object', async () => {
    const { exposed, invoked } = runPreload();
    const api = exposed[0].api;
    for (const method of METHOD_NAMES) await api[method]({ probe: method });
    await api[METHOD_NAMES[0]]();
    expect(invoked).toEqual([
      ...METHOD_NAMES.map((method) => ({ channel: IPC_CHANNEL_PREFIX + method, args: [{ probe: method }] })),
      { channel: IPC_CHANNEL_PREFIX + METHOD_NAMES[0], args: [{}] },
    ]);
  });

  it("onEvent hands the page only the payload, never Electron's event object, and unsubscribes", () => {
    const { exposed, listeners } = runPreload();
    const seen: unknown[] = [];
    const unsubscribe = exposed[0].api.onEvent((payload: unknown) => seen.push(payload));
    const [forward] = listeners.get(IPC_EVENT_CHANNEL)!;
    forward({ sender: 'ipc-event-with-sender' }, { type: 'changed', entity: 'api' });
    expect(seen).toEqual([{ type: 'changed', entity: 'api' }]);
    unsubscribe();
    expect(listeners.get(IPC_EVENT_CHANNEL)).toEqual([]);
  });
});

describe('built main process', () => {
  type Internals = { _load: (request: string, ...rest: unknown[]) => unknown };
  const moduleInternals = createRequire(import.meta.url)('node:module') as Internals;
  const originalLoad = moduleInternals._load;
  let core: HostFixture;
  let standIn: ReturnType<typeof createElectronStandIn>;

  beforeAll(async () => {
    core = await startHostFixture();
    standIn = createElectronStandIn(shell.appPath);
    // The shell reaches Electron through require('electron'): hand it the stand-in instead.
    moduleInternals._load = function (request: string, ...rest: unknown[]) {
      return request === 'electron' ? standIn.electron : originalLoad.call(this, request, ...rest);
    };
    process.env[CORE_URL_ENV] = core.host.origin;
    process.env[CORE_TOKEN_ENV] = core.host.token;
    await import(pathToFileURL(shell.mainFile).href);
    await standIn.windowCreated;
  }, 60_000);

  afterAll(async () => {
    standIn?.emitApp('before-quit');
    moduleInternals._load = originalLoad;
    delete process.env[CORE_URL_ENV];
    delete process.env[CORE_TOKEN_ENV];
    await core?.close();
  });

  it('opens one window with contextIsolation, sandbox, no nodeIntegration and the built preload, on app://workbench', () => {
    expect(standIn.windows).toHaveLength(1);
    const [win] = standIn.windows;
    expect(win.options.webPreferences).toEqual({
      preload: shell.preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(fs.existsSync(win.options.webPreferences.preload)).toBe(true);
    expect(win.loaded).toEqual(['app://workbench/index.html']);
    expect(standIn.recorded.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('serves the built renderer on app://workbench with the CSP, and nothing outside it', async () => {
    const handler = standIn.recorded.protocolHandlers.get('app')!;
    const page = await handler({ url: 'app://workbench/index.html' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toBe(fs.readFileSync(`${shell.rendererDir}/index.html`, 'utf8'));
    for (const url of ['app://elsewhere/index.html', 'app://workbench/../package.json', 'app://workbench/%2e%2e/%2e%2e/package.json', 'app://workbench/nope.js'])
      expect((await handler({ url })).status, url).toBe(404);
  });

  it('keeps navigation on app://, sends http(s) links to the system browser, refuses anything else', () => {
    const contents = standIn.windows[0].webContents;
    expect(fire(contents, 'will-navigate', 'app://workbench/index.html#/apis')).toBe(false);
    expect(fire(contents, 'will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire(contents, 'will-redirect', 'http://127.0.0.1:9/x')).toBe(true);
    expect(fire(contents, 'will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire(contents, 'will-attach-webview', 'app://workbench/')).toBe(true);
    expect(contents.windowOpenHandler!({ url: 'https://support.huaweicloud.com/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(standIn.recorded.opened).toEqual(['https://evil.example/', 'http://127.0.0.1:9/x', 'https://support.huaweicloud.com/']);
  });

  it('refuses every permission request and check', () => {
    const answers: boolean[] = [];
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read']) standIn.recorded.permissionRequest!({}, permission, (granted) => answers.push(granted));
    expect(answers).toEqual([false, false, false, false]);
    expect(standIn.recorded.permissionCheck!()).toBe(false);
  });

  it("registers one IPC channel per contract method; the window's page reaches the real core, other frames are forbidden", async () => {
    expect([...standIn.recorded.ipcHandlers.keys()].sort()).toEqual(METHOD_NAMES.map((m) => IPC_CHANNEL_PREFIX + m).sort());
    const window = standIn.windows[0].webContents;
    const call = (event: IpcMainInvokeEvent) => standIn.recorded.ipcHandlers.get(`${IPC_CHANNEL_PREFIX}workspaceInfo`)!(event, {}) as Promise<any>;
    const fromPage = await call({ sender: window as never, senderFrame: { url: 'app://workbench/index.html' } });
    expect(fromPage.result.file).toBe(core.session.info().file);
    const fromOtherFrame = await call({ sender: window as never, senderFrame: { url: 'https://evil.example/' } });
    expect(fromOtherFrame.error.kind).toBe('forbidden');
    const fromOtherContents = await call({ sender: standInWebContents(99) as never, senderFrame: { url: 'app://workbench/index.html' } });
    expect(fromOtherContents.error.kind).toBe('forbidden');
  });

  it("leaves no core token in its environment, so processes it starts (the system browser) never inherit it", () => {
    expect(process.env[CORE_TOKEN_ENV]).toBeUndefined();
  });
});
