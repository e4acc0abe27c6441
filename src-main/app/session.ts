/**
 * What a host holds on to: the open workspace (a core `Workbench`), the gateway's state as the UI sees
 * it, and the live events the UI subscribes to. Opening another workspace swaps the Workbench
 * underneath without the host noticing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { GatewayStatus, WorkbenchEvent, WorkspaceInfo } from '../../src-shared/contract';
import { Workbench } from './workbench';
import { readAppState, rememberWorkspace } from './app-home';
import { checkLooksLikeWorkspace } from '../store/workspace-file';
import { DefinitionPlanner } from '../definitions/plan-in-worker';
import { HostError } from '../../src-shared/host-error';
import { createFromSample } from '../sample/sample-workspace-file';
import { stderrLogger, type Logger } from '../logger';

/** Per-workspace setting: the port the gateway starts on. */
const GATEWAY_PORT_SETTING = 'gateway.port';
export const DEFAULT_GATEWAY_PORT = 8787;

export interface SessionOptions {
  /** The per-user data directory (app-home.ts). */
  home: string;
  host: 'electron' | 'browser';
  /** --gateway-port: wins over the workspace's saved port for this launch. */
  gatewayPort?: number;
  /** Default true: the gateway starts with the workspace. */
  autoStartGateway?: boolean;
  /** The host's logger (default stderr): the workspace, its gateway and the session write through it. */
  logger?: Logger;
}

export class WorkbenchSession {
  private current: Workbench;
  private readonly listeners = new Set<(event: WorkbenchEvent) => void>();
  /** Detaches the trace and store-change listeners of the current workspace. */
  private detach: () => void = () => {};
  private lastGatewayError: string | undefined;
  private closed = false;
  /** Definition files are read on a worker thread, never on the one serving the gateway and UI. */
  readonly definitionPlanner = new DefinitionPlanner();
  readonly log: Logger;

  private constructor(
    workbench: Workbench,
    private readonly options: SessionOptions,
  ) {
    this.current = workbench;
    this.log = options.logger ?? stderrLogger;
    this.attach();
  }

  /**
   * Opens `file` (created from the sample when `createFromSampleIfMissing` and it does not exist yet),
   * starts the gateway unless told not to, and remembers the file as the last workspace.
   */
  static async open(file: string, options: SessionOptions & { createFromSampleIfMissing?: boolean }): Promise<WorkbenchSession> {
    const abs = path.resolve(file);
    const log = options.logger ?? stderrLogger;
    let fromSample = false;
    if (!fs.existsSync(abs) && options.createFromSampleIfMissing) {
      createFromSample(abs);
      fromSample = true;
      log.info(`Created ${abs} from the sample workspace.`);
    }
    const workbench = await Workbench.open({ dbFile: abs, logger: log });
    rememberWorkspace(options.home, abs, log, { fromSample });
    const session = new WorkbenchSession(workbench, options);
    if (options.autoStartGateway ?? true) await session.startGateway();
    return session;
  }

  get workbench(): Workbench {
    if (this.closed) throw new HostError('unavailable', 'the workbench is shutting down');
    return this.current;
  }

  info(): WorkspaceInfo {
    const file = this.current.dbFile;
    const state = readAppState(this.options.home, this.log);
    return {
      file,
      name: path.basename(file),
      fromSample: state.fromSample.includes(file),
      recent: state.recent.length ? state.recent : [file],
      host: this.options.host,
      gateway: this.gatewayStatus(),
    };
  }

  onEvent(listener: (event: WorkbenchEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: WorkbenchEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // One broken subscriber (a closed stream) must not starve the others.
        this.log.warn('event listener failed', { error });
      }
    }
  }

  private attach(): void {
    const offTraces = this.current.gateway.onTrace((trace) => this.emit({ type: 'trace', trace }));
    // Every committed write, whoever made it, so every open window can refresh what it lists.
    const offChanges = this.current.store.onChange((change) =>
      this.emit(change.id === undefined ? { type: 'workspace-changed', entity: change.entity } : { type: 'workspace-changed', entity: change.entity, id: change.id }),
    );
    this.detach = () => {
      offTraces();
      offChanges();
    };
  }

  // ---- workspaces ------------------------------------------------------------------------------

  async openWorkspace(file: string): Promise<WorkspaceInfo> {
    const abs = path.resolve(file);
    if (abs === this.current.dbFile) return this.info();
    if (!fs.existsSync(abs)) throw new HostError('not-found', `workspace file ${abs} does not exist`);
    checkLooksLikeWorkspace(abs);
    return this.switchTo(abs, false);
  }

  async createWorkspace(file: string, fromSample: boolean): Promise<WorkspaceInfo> {
    const abs = path.resolve(file);
    if (fs.existsSync(abs)) throw new HostError('conflict', `${abs} already exists: open it instead, or choose another name`);
    if (fromSample) createFromSample(abs);
    else fs.mkdirSync(path.dirname(abs), { recursive: true });
    return this.switchTo(abs, fromSample);
  }

  /** Opens the new workspace first, so a file that cannot be opened leaves the current one untouched. */
  private async switchTo(file: string, fromSample: boolean): Promise<WorkspaceInfo> {
    const next = await Workbench.open({ dbFile: file, logger: this.log });
    const wasRunning = this.current.gateway.status().running;
    this.detach();
    const previous = this.current;
    this.current = next;
    this.attach();
    await previous.close();
    rememberWorkspace(this.options.home, file, this.log, { fromSample });
    if (wasRunning || (this.options.autoStartGateway ?? true)) await this.startGateway();
    const info = this.info();
    this.emit({ type: 'workspace', info });
    return info;
  }

  // ---- gateway ---------------------------------------------------------------------------------

  configuredGatewayPort(): number {
    if (this.options.gatewayPort !== undefined) return this.options.gatewayPort;
    const saved = this.current.store.settings.get(GATEWAY_PORT_SETTING);
    const port = saved === undefined ? NaN : Number(saved);
    return Number.isInteger(port) && port >= 0 && port <= 65535 ? port : DEFAULT_GATEWAY_PORT;
  }

  gatewayStatus(): GatewayStatus {
    return { ...this.current.gateway.status(), configuredPort: this.configuredGatewayPort(), lastError: this.lastGatewayError };
  }

  /**
   * Starts the gateway. A port already in use is not fatal: the UI shows `lastError` and the user picks
   * another port; everything else in the workbench keeps working.
   */
  async startGateway(port?: number): Promise<GatewayStatus> {
    const gateway = this.workbench.gateway;
    if (gateway.status().running) return this.gatewayStatus();
    try {
      await gateway.start({ port: port ?? this.configuredGatewayPort() });
      this.lastGatewayError = undefined;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      this.lastGatewayError =
        code === 'EADDRINUSE'
          ? `port ${port ?? this.configuredGatewayPort()} is already in use: choose another gateway port`
          : `the gateway could not start: ${error instanceof Error ? error.message : String(error)}`;
      this.log.warn(this.lastGatewayError);
    }
    const status = this.gatewayStatus();
    this.emit({ type: 'gateway', status });
    return status;
  }

  async stopGateway(): Promise<GatewayStatus> {
    await this.workbench.gateway.stop();
    const status = this.gatewayStatus();
    this.emit({ type: 'gateway', status });
    return status;
  }

  async setGatewayPort(port: number): Promise<GatewayStatus> {
    this.workbench.store.settings.set(GATEWAY_PORT_SETTING, String(port));
    // The user chose a port in the UI: it replaces a --gateway-port given at launch.
    delete this.options.gatewayPort;
    if (this.current.gateway.status().running) {
      await this.current.gateway.stop();
      return this.startGateway(port);
    }
    const status = this.gatewayStatus();
    this.emit({ type: 'gateway', status });
    return status;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.detach();
    this.listeners.clear();
    await this.definitionPlanner.close();
    await this.current.close();
  }
}
