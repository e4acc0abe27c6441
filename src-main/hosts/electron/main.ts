/**
 * Electron main process: a thin shell. It creates the window with secure settings, serves the built
 * renderer on app://workbench with a strict CSP, and forwards the contract's named IPC calls to the
 * core, which runs in a plain Node process (see core-link.ts for why).
 *
 * Started by `npm start` (src-main/hosts/cli/commands/app.ts), which runs the core and passes its endpoint in
 * the environment; started directly (`electron .`), it spawns that core itself with the system `node`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { IPC_EVENT_CHANNEL } from '../../../src-shared/contract';
import { CONTENT_SECURITY_POLICY } from '../browser/access';
import { resolveStaticFile } from '../browser/static-files';
import { loadElectron, type BrowserWindowInstance, type IpcMainInvokeEvent } from './electron-surface';
import { APP_ORIGIN, externalUrlToOpen, isAppUrl, registerContractIpc } from './ipc-bridge';
import { coreCall, takeEndpointFromEnv, followCoreEvents, type CoreEndpoint } from './core-link';
import { withCloudKeychain } from './cloud-keychain';

const { app, BrowserWindow, ipcMain, shell, session, protocol, safeStorage } = loadElectron();

// Must happen before `ready`: lets app:// behave like an https origin (fetch, CSP, same-origin rules).
protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const PRELOAD = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
let mainWindow: BrowserWindowInstance | undefined;
let ownCore: ChildProcess | undefined;

if (!app.requestSingleInstanceLock()) {
  // One window per workspace lock: a second launch would only be refused by the store.
  app.quit();
} else {
  void start();
}

async function start(): Promise<void> {
  // Takes the core's URL and token out of the environment: processes the shell starts (the system
  // browser via openExternal, the core) inherit it, and the token must not travel with them.
  const endpoint = takeEndpointFromEnv() ?? (await spawnCore(app.getAppPath()));
  await app.whenReady();
  hardenSessions();
  serveRenderer(path.join(app.getAppPath(), 'out', 'renderer'));
  const keychainFile = path.join(app.getPath('userData'), 'cloud-keys.bin');
  registerContractIpc(ipcMain, withCloudKeychain(coreCall(endpoint), safeStorage, keychainFile), isTrustedSender);
  const events = followCoreEvents(endpoint, (event) => {
    if (mainWindow && !mainWindow.webContents.isDestroyed()) mainWindow.webContents.send(IPC_EVENT_CHANNEL, event);
  });
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => {
    events.stop();
    ownCore?.kill('SIGTERM');
  });
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'APIG Workbench',
    backgroundColor: '#1e1e1e',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    },
  });
  mainWindow = win;
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = undefined;
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}

/** Only the main window's own page may use the contract. */
function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  return !!mainWindow && event.sender === mainWindow.webContents && isAppUrl(event.senderFrame?.url);
}

function hardenSessions(): void {
  // The workbench needs no camera, notifications, geolocation…: refuse every permission.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    const refuseNavigation = (event: { preventDefault(): void }, url: string) => {
      if (isAppUrl(url)) return;
      event.preventDefault();
      openExternally(url);
    };
    contents.on('will-navigate', refuseNavigation);
    contents.on('will-redirect', refuseNavigation);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openExternally(url);
      return { action: 'deny' };
    });
  });
}

function openExternally(url: string): void {
  const safe = externalUrlToOpen(url);
  if (safe) void shell.openExternal(safe);
}

/** app://workbench/… → the built renderer, with the CSP on every response. */
function serveRenderer(dir: string): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'workbench' ? resolveStaticFile(dir, url.pathname) : undefined;
    if (!file) return new Response('not found', { status: 404 });
    const body = await fs.promises.readFile(file.file);
    return new Response(body, {
      headers: {
        'Content-Type': file.contentType,
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}

/**
 * Launched without `npm start`: run the core and read its endpoint from the first line it prints.
 * From a checkout (`electron .`) the core runs on the system Node (`$APIG_WORKBENCH_NODE` or `node`),
 * whose ABI better-sqlite3 was built for. A packaged app cannot count on a system Node: it runs the
 * core on Electron's own binary as plain Node (ELECTRON_RUN_AS_NODE), and `npm run dist` rebuilt
 * better-sqlite3 for Electron's ABI in the packaged copy.
 */
async function spawnCore(appPath: string): Promise<CoreEndpoint> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  let node = process.env.APIG_WORKBENCH_NODE ?? 'node';
  if (app.isPackaged && !process.env.APIG_WORKBENCH_NODE) {
    node = process.execPath;
    env.ELECTRON_RUN_AS_NODE = '1';
  }
  const child = spawn(node, [path.join(appPath, 'bin', 'apig-workbench.mjs'), 'app', '--serve-core'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env,
  });
  ownCore = child;
  const lines = readline.createInterface({ input: child.stdout! });
  return new Promise<CoreEndpoint>((resolve, reject) => {
    child.once('error', (error) => reject(new Error(`could not start the workbench core with node: ${error.message}`)));
    child.once('exit', (code) => reject(new Error(`the workbench core exited (code ${code}) before it was ready`)));
    lines.on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as Partial<CoreEndpoint>;
        if (parsed.url && parsed.token) resolve({ url: parsed.url, token: parsed.token });
      } catch {
        // Not the endpoint line (a log message): keep reading.
      }
    });
  });
}
