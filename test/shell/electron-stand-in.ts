/**
 * A recording stand-in for the few Electron APIs the built shell calls (the real binary cannot be
 * downloaded here). Shapes follow src-main/hosts/electron/electron-surface.ts; every call is kept so
 * the tests can check what the shell asked of Electron, and drive the handlers it registered.
 */
import type { IpcMainInvokeEvent } from '../../src-main/hosts/electron/electron-surface';

type Listener = (...args: unknown[]) => unknown;

export interface StandInWebContents {
  id: number;
  sent: { channel: string; args: unknown[] }[];
  listeners: Map<string, Listener[]>;
  windowOpenHandler?: (details: { url: string }) => { action: string };
  send(channel: string, ...args: unknown[]): void;
  on(event: string, listener: Listener): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void;
  isDestroyed(): boolean;
}

export function standInWebContents(id: number): StandInWebContents {
  const contents: StandInWebContents = {
    id,
    sent: [],
    listeners: new Map(),
    send: (channel, ...args) => void contents.sent.push({ channel, args }),
    on: (event, listener) => void contents.listeners.set(event, [...(contents.listeners.get(event) ?? []), listener]),
    setWindowOpenHandler: (handler) => void (contents.windowOpenHandler = handler),
    isDestroyed: () => false,
  };
  return contents;
}

/** Fires a will-navigate style event on `contents`; true when some listener called preventDefault(). */
export function fire(contents: StandInWebContents, event: string, url: string): boolean {
  let prevented = false;
  for (const listener of contents.listeners.get(event) ?? []) listener({ preventDefault: () => (prevented = true), url }, url);
  return prevented;
}

export function createElectronStandIn(appPath: string) {
  const appListeners = new Map<string, Listener[]>();
  const windows: { options: Record<string, any>; loaded: string[]; webContents: StandInWebContents }[] = [];
  let markWindowCreated: () => void = () => {};
  const windowCreated = new Promise<void>((resolve) => (markWindowCreated = resolve));
  const recorded = {
    quitCalls: 0,
    opened: [] as string[],
    privilegedSchemes: [] as unknown[],
    protocolHandlers: new Map<string, (request: { url: string }) => Response | Promise<Response>>(),
    ipcHandlers: new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>(),
    permissionRequest: undefined as undefined | ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void),
    permissionCheck: undefined as undefined | (() => boolean),
  };

  class BrowserWindow {
    readonly webContents = standInWebContents(windows.length + 1);
    private readonly record: (typeof windows)[number];
    constructor(options: Record<string, any>) {
      this.record = { options, loaded: [], webContents: this.webContents };
      windows.push(this.record);
      for (const listener of appListeners.get('web-contents-created') ?? []) listener({}, this.webContents);
    }
    static getAllWindows() {
      return windows;
    }
    async loadURL(url: string) {
      this.record.loaded.push(url);
      markWindowCreated();
    }
    once() {}
    on() {}
    show() {}
  }

  const electron = {
    app: {
      whenReady: async () => {},
      on: (event: string, listener: Listener) => void appListeners.set(event, [...(appListeners.get(event) ?? []), listener]),
      quit: () => void recorded.quitCalls++,
      getAppPath: () => appPath,
      getPath: (name: string) => `${appPath}/${name}`,
      requestSingleInstanceLock: () => true,
      isPackaged: false,
    },
    BrowserWindow,
    ipcMain: {
      handle: (channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown) => {
        if (recorded.ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
        recorded.ipcHandlers.set(channel, listener);
      },
      removeHandler: (channel: string) => void recorded.ipcHandlers.delete(channel),
    },
    // As on a Linux desktop without a keyring: the shell must still start, with nothing remembered.
    safeStorage: {
      isEncryptionAvailable: () => false,
      encryptString: (): Buffer => {
        throw new Error('encryption is not available');
      },
      decryptString: (): string => {
        throw new Error('encryption is not available');
      },
    },
    shell: { openExternal: async (url: string) => void recorded.opened.push(url) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: typeof recorded.permissionRequest) => void (recorded.permissionRequest = handler),
        setPermissionCheckHandler: (handler: typeof recorded.permissionCheck) => void (recorded.permissionCheck = handler),
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => void recorded.privilegedSchemes.push(...schemes),
      handle: (scheme: string, handler: (request: { url: string }) => Response | Promise<Response>) => void recorded.protocolHandlers.set(scheme, handler),
    },
  };

  /** Runs the listeners the shell registered for an app event (e.g. before-quit). */
  const emitApp = (event: string) => {
    for (const listener of appListeners.get(event) ?? []) listener();
  };
  return { electron, recorded, windows, windowCreated, emitApp };
}
