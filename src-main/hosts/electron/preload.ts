/**
 * Electron preload (sandboxed, contextIsolation on): exposes `window.apigWorkbench` with one named
 * function per contract method and `onEvent` — never ipcRenderer itself, never a generic invoke(channel).
 * Built as a self-contained CommonJS file (electron.vite.config.ts) because sandboxed preloads cannot
 * load other modules besides a few of Electron's own.
 */
import { BRIDGE_GLOBAL, IPC_CHANNEL_PREFIX, IPC_EVENT_CHANNEL, METHOD_NAMES, type WorkbenchEvent } from '../../../src-shared/contract';
import type { ElectronPreload } from './electron-surface';

// A sandboxed preload reaches Electron only through require() (and `electron` typings are not installed here).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { contextBridge, ipcRenderer } = require('electron') as ElectronPreload;

const bridge: Record<string, unknown> = {
  host: 'electron',
  onEvent(listener: (event: WorkbenchEvent) => void): () => void {
    // Hand the page only the event payload, never Electron's IPC event object (it exposes `sender`).
    const forward = (_event: unknown, payload: unknown) => listener(payload as WorkbenchEvent);
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
  },
};
for (const method of METHOD_NAMES) {
  // Each function is bound to its own fixed channel; the page cannot choose a channel.
  bridge[method] = (args?: unknown) => ipcRenderer.invoke(IPC_CHANNEL_PREFIX + method, args ?? {});
}

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, Object.freeze(bridge));
