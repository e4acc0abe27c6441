/**
 * `apig-workbench app` (= `npm start`): the workbench UI. Opens the Electron window where Electron's
 * runtime is installed; otherwise serves the same UI to the browser on 127.0.0.1. Either way the core
 * (workspace, gateway, function runtimes) runs in this Node process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { defineCommand, UsageError, type CliIo, type FlagSpecs, type ParsedArgs } from '../command';
import { waitForStopSignal } from './serve';
import { defaultWorkspaceFile, readAppState, resolveAppHome } from '../../../app/app-home';
import { WorkbenchSession } from '../../../app/session';
import { createContractHandlers } from '../../../app/contract-handlers';
import { BrowserHost } from '../../browser/server';
import { ensureWebBuild, WEB_OUT_DIR } from '../../browser/web-build';
import { openInBrowser } from '../../browser/open-browser';
import type { Logger } from '../../../logger';
import { ELECTRON_DOWNLOAD_ENV, downloadElectronBinary, electronRuntime, ensureElectronBuild, runElectron } from '../../electron/electron-runtime';

/** The one line `npm start` prints where it cannot open the Electron window. */
export function electronMissingLine(reason: string): string {
  return `Electron runtime not installed here (${reason}); serving the workbench in your browser instead`;
}

/** Electron's binary, downloading it once if npm install left it out; otherwise why not. */
async function electronBinary(log: Logger): Promise<{ binary: string } | { reason: string }> {
  const runtime = electronRuntime();
  if (runtime.ready) return { binary: runtime.binary };
  if (!runtime.packageInstalled || process.env[ELECTRON_DOWNLOAD_ENV] === '0') return { reason: runtime.reason };
  const download = await downloadElectronBinary(log);
  if (!download.ok) return { reason: `${runtime.reason} and ${download.reason}` };
  const after = electronRuntime();
  return after.ready ? { binary: after.binary } : { reason: after.reason };
}

const APP_FLAGS = {
  db: { type: 'string' },
  port: { type: 'string' },
  'gateway-port': { type: 'string' },
  'no-open': { type: 'boolean' },
  browser: { type: 'boolean' },
  // Hidden: how the Electron shell starts the core (electron/main.ts).
  'serve-core': { type: 'boolean' },
} as const satisfies FlagSpecs;
type AppArgs = ParsedArgs<typeof APP_FLAGS>;

function portFlag(args: AppArgs, name: 'port' | 'gateway-port'): number | undefined {
  const raw = args.flags[name];
  if (raw === undefined) return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--${name} must be 0–65535, got ${raw}`);
  return port;
}

/** --db, else the workspace open last time, else the sample workspace in the user's data directory. */
function chooseWorkspace(args: AppArgs, home: string, log: Logger): { file: string; createFromSampleIfMissing: boolean } {
  if (args.flags.db) return { file: path.resolve(args.flags.db), createFromSampleIfMissing: false };
  const last = readAppState(home, log).lastWorkspace;
  if (last && fs.existsSync(last)) return { file: last, createFromSampleIfMissing: false };
  return { file: defaultWorkspaceFile(home), createFromSampleIfMissing: true };
}

export const appCommand = defineCommand({
  name: 'app',
  summary: 'Open the workbench UI (Electron window, or the browser when Electron is not installed)',
  usage: [
    'Usage: apig-workbench app [--db FILE] [--port N] [--gateway-port N] [--no-open] [--browser]',
    '',
    '  --db FILE          workspace file (default: the last one opened; first time, a copy of the sample',
    '                     in $APIG_WORKBENCH_HOME or ~/.apig-workbench)',
    '  --port N           browser host port on 127.0.0.1 (default: any free port)',
    '  --gateway-port N   local gateway port for this launch (default: the workspace setting, else 8787)',
    '  --no-open          do not open a browser (the URL is printed)',
    '  --browser          serve the UI to the browser even where Electron is installed',
  ].join('\n'),
  flags: APP_FLAGS,
  async run(args, io) {
    const home = resolveAppHome();
    const port = portFlag(args, 'port');
    const gatewayPort = portFlag(args, 'gateway-port');
    const workspace = chooseWorkspace(args, home, io.log);

    // Hidden mode for an Electron shell started on its own (`electron .`): core + API only, endpoint on stdout.
    if (args.flags['serve-core']) return serveCore(io, home, workspace, port, gatewayPort);

    const electron = args.flags.browser ? undefined : await electronBinary(io.log);
    if (electron && 'binary' in electron) {
      await ensureElectronBuild(io.log);
      const { session, host } = await startCore(io.log, home, workspace, 'electron', { port, gatewayPort });
      try {
        printGateway(io, session);
        return await runElectron(electron.binary, { url: host.origin, token: host.token });
      } finally {
        await host.close();
        await session.close();
      }
    }

    io.out(electron ? electronMissingLine(electron.reason) : 'Serving the workbench in your browser (--browser)');
    // Build the UI before opening the workspace, so a failed build leaves no workspace lock behind.
    const staticDir = process.env.APIG_WORKBENCH_WEB_DIR || (await ensureWebBuild(io.log, WEB_OUT_DIR));
    const { session, host } = await startCore(io.log, home, workspace, 'browser', { port, gatewayPort, staticDir });
    io.out(`APIG Workbench: ${host.launchUrl}`);
    printGateway(io, session);
    // The printed URL carries the token (a terminal is the user's own); the opener's command line does not.
    if (!args.flags['no-open']) openInBrowser(host.oneTimeLaunchUrl(), io.log);
    io.out('Press Ctrl-C to stop.');
    await waitForStopSignal();
    io.out('stopping…');
    await host.close();
    await session.close();
    return 0;
  },
});

async function startCore(
  log: Logger,
  home: string,
  workspace: { file: string; createFromSampleIfMissing: boolean },
  kind: 'electron' | 'browser',
  opts: { port?: number; gatewayPort?: number; staticDir?: string },
): Promise<{ session: WorkbenchSession; host: BrowserHost }> {
  const session = await WorkbenchSession.open(workspace.file, {
    home,
    host: kind,
    gatewayPort: opts.gatewayPort,
    createFromSampleIfMissing: workspace.createFromSampleIfMissing,
    logger: log,
  });
  try {
    const host = await BrowserHost.start({
      logger: log,
      api: createContractHandlers(session),
      subscribe: (listener) => session.onEvent(listener),
      port: opts.port,
      staticDir: opts.staticDir,
    });
    return { session, host };
  } catch (error) {
    await session.close();
    throw error;
  }
}

function printGateway(io: CliIo, session: WorkbenchSession): void {
  const status = session.gatewayStatus();
  io.out(`Workspace: ${session.info().file}`);
  if (status.running) io.out(`Local gateway: ${status.url}`);
  else io.log.warn(`Local gateway not running: ${status.lastError ?? 'stopped'}`);
}

async function serveCore(
  io: CliIo,
  home: string,
  workspace: { file: string; createFromSampleIfMissing: boolean },
  port: number | undefined,
  gatewayPort: number | undefined,
): Promise<number> {
  const { session, host } = await startCore(io.log, home, workspace, 'electron', { port, gatewayPort });
  // The only line on stdout: the Electron shell reads it to connect.
  io.out(JSON.stringify({ url: host.origin, token: host.token }));
  await waitForStopSignal();
  await host.close();
  await session.close();
  return 0;
}
