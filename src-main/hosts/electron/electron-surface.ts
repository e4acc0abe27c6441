/**
 * The few Electron APIs the shell uses, typed here because the `electron` package (and its typings) is
 * an optional dependency that is not installed where this project is built and tested. The shell loads
 * the real module at run time with `loadElectron()`; with Electron installed these shapes match its API.
 */
import { createRequire } from 'node:module';

export interface WebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  spellcheck?: boolean;
}

export interface WebFrameMain {
  url: string;
}

export interface IpcMainInvokeEvent {
  sender: WebContents;
  senderFrame: WebFrameMain | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown> | unknown): void;
  removeHandler(channel: string): void;
}

export interface WebContents {
  id: number;
  send(channel: string, ...args: unknown[]): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void; url: string }, url: string) => void): void;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
  isDestroyed(): boolean;
}

export interface BrowserWindowInstance {
  webContents: WebContents;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): void;
  on(event: 'closed', listener: () => void): void;
  show(): void;
}

export interface BrowserWindowConstructor {
  new (options: {
    width: number;
    height: number;
    minWidth?: number;
    minHeight?: number;
    show?: boolean;
    title?: string;
    backgroundColor?: string;
    webPreferences: WebPreferences;
  }): BrowserWindowInstance;
  getAllWindows(): BrowserWindowInstance[];
}

export interface ElectronSession {
  setPermissionRequestHandler(handler: (webContents: WebContents, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: () => boolean): void;
}

import type { SafeStorageLike } from './cloud-keychain';

export interface ElectronMain {
  app: {
    whenReady(): Promise<void>;
    on(event: 'window-all-closed' | 'activate', listener: () => void): void;
    on(event: 'web-contents-created', listener: (event: unknown, contents: WebContents) => void): void;
    on(event: 'before-quit', listener: () => void): void;
    quit(): void;
    getAppPath(): string;
    getPath(name: 'userData'): string;
    requestSingleInstanceLock(): boolean;
    /** True when running from a packaged app (electron-builder), false from a checkout. */
    isPackaged: boolean;
  };
  safeStorage: SafeStorageLike;
  BrowserWindow: BrowserWindowConstructor;
  ipcMain: IpcMainLike;
  shell: { openExternal(url: string): Promise<void> };
  session: { defaultSession: ElectronSession };
  protocol: {
    registerSchemesAsPrivileged(schemes: { scheme: string; privileges: { standard?: boolean; secure?: boolean; supportFetchAPI?: boolean } }[]): void;
    handle(scheme: string, handler: (request: { url: string }) => Response | Promise<Response>): void;
  };
}

export interface ElectronPreload {
  contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
  ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
    removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
  };
}

/** Only meaningful inside Electron's main process (in plain Node, require('electron') returns a path string). */
export function loadElectron(): ElectronMain {
  const loaded: unknown = createRequire(import.meta.url)('electron');
  if (typeof loaded === 'string') throw new Error('this module runs inside Electron, not plain Node');
  return loaded as ElectronMain;
}
