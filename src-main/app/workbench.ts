/**
 * The core, independent of any host: one open workspace, its function runtimes and its local
 * gateway. The Electron shell, the browser host and the CLI all drive this object.
 */
import type { Authorizer, LocalFunction } from '../../src-shared/model';
import { functionNameFromUrn } from '../../src-shared/model';
import type { AuthorizerTrace } from '../../src-shared/trace';
import { WorkspaceStore } from '../store/workspace-store';
import { FunctionHost, type FunctionHostOptions } from '../functions/function-host';
import { LocalGateway, type GatewayOptions } from '../gateway/local-gateway';
import { recordRun, runAuthorizer } from '../gateway/authorizers/authorizer-runner';
import { startSampleEcho } from '../sample/sample-echo';
import type { EchoBackend } from '../sample/echo-backend';
import type { Logger } from '../logger';

export interface WorkbenchOptions {
  dbFile: string;
  gateway?: Omit<GatewayOptions, 'logger'> & { autoStart?: boolean };
  /** The host's logger (default stderr); the store and the gateway write through it. */
  logger?: Logger;
  /** The function runtimes' settings (python executable, pool sizes; tests: the invocation clock). */
  functions?: FunctionHostOptions;
}

export class Workbench {
  private echo: EchoBackend | undefined;

  private constructor(
    readonly store: WorkspaceStore,
    readonly functions: FunctionHost,
    readonly gateway: LocalGateway,
    private readonly options: WorkbenchOptions,
  ) {}

  static async open(options: WorkbenchOptions): Promise<Workbench> {
    const store = WorkspaceStore.open(options.dbFile, { logger: options.logger });
    const functions = new FunctionHost(options.functions);
    const gateway = new LocalGateway(store, functions, { ...options.gateway, logger: options.logger });
    const workbench = new Workbench(store, functions, gateway, options);
    try {
      workbench.echo = await startSampleEcho(store);
      if (options.gateway?.autoStart) await gateway.start();
    } catch (error) {
      await workbench.close();
      throw error;
    }
    return workbench;
  }

  get dbFile(): string {
    return this.options.dbFile;
  }

  /**
   * Runs an authorizer (saved or a draft from the editor) on an event, judged exactly as the
   * gateway would judge it, without caching.
   */
  async testAuthorizer(input: { authorizer: Authorizer; fn?: LocalFunction; event: unknown }): Promise<AuthorizerTrace> {
    const { authorizer, event } = input;
    const name = functionNameFromUrn(authorizer.functionUrn);
    const fn = input.fn ?? this.store.functions.getByName(name);
    const requestId = `test-${Date.now().toString(16)}`;
    // Judged under the gateway's configuration, as a request would be (authorizer_context_support_num_bool).
    const run = await runAuthorizer(this.functions, authorizer, fn, event, requestId, {
      allowNumberAndBooleanContext: this.gateway.gatewayConfig().authorizer_context_support_num_bool,
    });
    const trace: AuthorizerTrace = {
      authorizerId: authorizer.id,
      authorizerName: authorizer.name,
      leg: authorizer.type === 'BACKEND' ? 'backend' : 'frontend',
      functionName: name,
      event,
      decision: run.decision,
      reason: run.reason,
      context: run.context,
      cache: { enabled: false, hit: false },
      durationMs: run.durationMs,
    };
    recordRun(trace, run);
    return trace;
  }

  /** Where the built-in echo backend listens, when this workspace uses it. */
  get echoBackendUrl(): string | undefined {
    return this.echo?.url;
  }

  async close(): Promise<void> {
    await this.echo?.close();
    await this.gateway.close();
    await this.functions.close();
    this.store.close();
  }
}
