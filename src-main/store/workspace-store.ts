/**
 * The workspace: one SQLite file (WAL, foreign keys on) holding everything a user authors, plus
 * traces and workbench state. Every write is validated against APIG's rules (src-shared/rules) and
 * the store's referential checks; listeners hear about committed writes only.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import {
  RELEASE_ENV,
  type ApiGroup,
  type App,
  type AppAuthorization,
  type IamToken,
  type Authorizer,
  type Environment,
  type EnvVariable,
  type GatewayResponseSet,
  type LocalFunction,
  type Publication,
  type AccessControlPolicy,
  type OrchestrationRule,
  type Plugin,
  type PolicyBinding,
  type ThrottlePolicy,
} from '../../src-shared/model';
import type { EntityName } from '../../src-shared/entity-names';
import { newId, nowIso, type StoreContext } from './context';
import { acquireLock, releaseLock } from './lock';
import { checkLooksLikeWorkspace } from './workspace-file';
import { errorWithStack, stderrLogger, type Logger } from '../logger';
import { migrate, migrations, type Migration } from './migrations';
import { createApisRepo, type ApisRepo } from './repos/apis';
import { createAppsRepo, createIamTokensRepo, type AppsRepo, type IamTokensRepo } from './repos/apps';
import { createAuthorizersRepo, type AuthorizersRepo } from './repos/authorizers';
import { createEnvironmentsRepo, createVariablesRepo, type EnvironmentsRepo, type VariablesRepo } from './repos/environments';
import { createFunctionsRepo, type FunctionsRepo } from './repos/functions';
import { createFunctionBindingsRepo, type FunctionBindingsRepo } from './repos/function-bindings';
import { createGroupsRepo, type GroupsRepo } from './repos/groups';
import { createHistoryRepo, createSettingsRepo, type HistoryRepo, type SettingsRepo } from './repos/misc';
import { createGatewayConfigRepo, type GatewayConfigRepo } from './repos/gateway-config';
import { createTesterVariablesRepo, type TesterVariablesRepo } from './repos/tester-variables';
import { createTestEventsRepo, type TestEventsRepo } from './repos/test-events';
import { createTestSuitesRepo, type TestSuitesRepo } from './repos/test-suites';
import { createPublicationsRepo, type PublicationsRepo } from './repos/publications';
import { createResponseSetsRepo, type ResponseSetsRepo } from './repos/response-sets';
import { createTracesRepo, type TracesRepo } from './repos/traces';
import {
  createAccessControlsRepo,
  createOrchestrationsRepo,
  createPluginsRepo,
  createThrottlesRepo,
  type AccessControlsRepo,
  type OrchestrationsRepo,
  type PluginsRepo,
  type ThrottlesRepo,
} from './repos/policies';
import { createPolicyBindingsRepo, type PolicyBindingsRepo } from './repos/policy-bindings';

export { WorkspaceInUseError } from './lock';
export { NotAWorkspaceError } from './workspace-file';
export { NotFoundError, type Repo } from './context';
export { MigrationError, type Migration } from './migrations';
export { ValidationError, type RuleIssue } from '../../src-shared/rules/issues';
export type * from './inputs';

export interface StoreChange {
  entity: EntityName;
  id?: string;
}

export interface PublishedView {
  groups: ApiGroup[];
  environments: Environment[];
  variables: EnvVariable[];
  /** Active publications only. */
  publications: Publication[];
  authorizers: Authorizer[];
  functions: LocalFunction[];
  responseSets: GatewayResponseSet[];
  /** Credentials with their AppCodes and secrets (the gateway verifies signatures with them). */
  apps: App[];
  appAuthorizations: AppAuthorization[];
  iamTokens: IamToken[];
  throttles: ThrottlePolicy[];
  accessControls: AccessControlPolicy[];
  plugins: Plugin[];
  orchestrations: OrchestrationRule[];
  /** Policy bindings of every kind (per API per environment). */
  policyBindings: PolicyBinding[];
}

export class WorkspaceStore {
  readonly groups: GroupsRepo;
  readonly environments: EnvironmentsRepo;
  readonly variables: VariablesRepo;
  readonly apis: ApisRepo;
  readonly functions: FunctionsRepo;
  readonly functionBindings: FunctionBindingsRepo;
  readonly authorizers: AuthorizersRepo;
  readonly publications: PublicationsRepo;
  readonly responseSets: Omit<ResponseSetsRepo, 'listAll'>;
  readonly traces: TracesRepo;
  readonly settings: SettingsRepo;
  readonly gatewayConfig: GatewayConfigRepo;
  readonly testerVariables: TesterVariablesRepo;
  readonly history: HistoryRepo;
  readonly testEvents: TestEventsRepo;
  readonly testSuites: TestSuitesRepo;
  readonly apps: AppsRepo;
  readonly iamTokens: IamTokensRepo;
  readonly throttles: ThrottlesRepo;
  readonly accessControls: AccessControlsRepo;
  readonly plugins: PluginsRepo;
  readonly orchestrations: OrchestrationsRepo;
  readonly policyBindings: PolicyBindingsRepo;

  private readonly listeners = new Set<(change: StoreChange) => void>();
  private readonly statements = new Map<string, Statement>();
  /** Changes of the transaction in progress, delivered after the outermost commit. */
  private pending: StoreChange[] = [];
  private depth = 0;
  private closed = false;
  private readonly allResponseSets: () => GatewayResponseSet[];

  /** Opens (creating if needed) and migrates the workspace at `file`, taking its lock. */
  static open(file: string, options: { logger?: Logger } = {}): WorkspaceStore {
    return openWithMigrations(file, migrations, options.logger);
  }

  /** @internal use WorkspaceStore.open / openWithMigrations. */
  constructor(
    readonly file: string,
    private readonly db: Db,
    private readonly lockFile: string,
    private readonly log: Logger,
  ) {
    const ctx: StoreContext = {
      db,
      stmt: (sql) => this.stmt(sql),
      emit: (entity, id) => this.emit(entity, id),
      transaction: (fn) => this.transaction(fn),
    };
    this.groups = createGroupsRepo(ctx);
    this.environments = createEnvironmentsRepo(ctx);
    this.variables = createVariablesRepo(ctx);
    this.apis = createApisRepo(ctx);
    this.functions = createFunctionsRepo(ctx);
    this.functionBindings = createFunctionBindingsRepo(ctx);
    this.authorizers = createAuthorizersRepo(ctx);
    this.publications = createPublicationsRepo(ctx, this.apis);
    const responseSets = createResponseSetsRepo(ctx);
    this.allResponseSets = responseSets.listAll;
    this.responseSets = responseSets;
    this.traces = createTracesRepo(ctx);
    this.settings = createSettingsRepo(ctx);
    this.gatewayConfig = createGatewayConfigRepo(this.settings);
    this.testerVariables = createTesterVariablesRepo(this.settings);
    this.history = createHistoryRepo(ctx);
    this.testEvents = createTestEventsRepo(ctx);
    this.testSuites = createTestSuitesRepo(ctx);
    this.apps = createAppsRepo(ctx);
    this.iamTokens = createIamTokensRepo(ctx);
    this.throttles = createThrottlesRepo(ctx);
    this.accessControls = createAccessControlsRepo(ctx);
    this.plugins = createPluginsRepo(ctx);
    this.orchestrations = createOrchestrationsRepo(ctx);
    this.policyBindings = createPolicyBindingsRepo(ctx);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    try {
      this.db.close();
    } finally {
      releaseLock(this.lockFile);
    }
  }

  onChange(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs fn atomically. Nested calls run as savepoints: an inner failure the caller catches rolls
   * back only the inner part (and drops its change events). Events fire once, after the outer commit.
   */
  transaction<T>(fn: () => T): T {
    const mark = this.pending.length;
    this.depth++;
    let result: T;
    try {
      result = this.db.transaction(fn).immediate();
    } catch (e) {
      this.pending.length = mark;
      throw e;
    } finally {
      this.depth--;
    }
    if (this.depth === 0) this.flush();
    return result;
  }

  loadPublishedView(): PublishedView {
    // One read transaction: in WAL mode every query below sees the same committed state.
    return this.db.transaction(() => ({
      groups: this.groups.list(),
      environments: this.environments.list(),
      variables: this.variables.list(),
      publications: this.publications.active(),
      authorizers: this.authorizers.list(),
      functions: this.functions.list(),
      responseSets: this.allResponseSets(),
      apps: this.apps.list(),
      appAuthorizations: this.apps.authorizations(),
      iamTokens: this.iamTokens.list(),
      throttles: this.throttles.list(),
      accessControls: this.accessControls.list(),
      plugins: this.plugins.list(),
      orchestrations: this.orchestrations.list(),
      policyBindings: this.policyBindings.list(),
    }))();
  }

  private stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private emit(entity: EntityName, id?: string): void {
    this.pending.push(id === undefined ? { entity } : { entity, id });
    if (this.depth === 0) this.flush();
  }

  private flush(): void {
    const changes = this.pending;
    this.pending = [];
    for (const change of changes) {
      for (const listener of [...this.listeners]) {
        try {
          listener(change);
        } catch (e) {
          // A failing listener must not undo or hide a committed write, nor starve other listeners.
          this.log.error(`workspace ${this.file}: onChange listener failed`, { entity: change.entity, id: change.id, ...errorWithStack(e) });
        }
      }
    }
  }
}

/**
 * Opens `file` with an explicit migration list. Exported for tests (inject a failing migration);
 * the app uses WorkspaceStore.open.
 */
export function openWithMigrations(file: string, list: readonly Migration[], logger: Logger = stderrLogger): WorkspaceStore {
  if (fs.existsSync(file)) checkLooksLikeWorkspace(file, { allowEmpty: true });
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const lockFile = acquireLock(file);
  let db: Db | undefined;
  try {
    db = new Database(file);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`workspace ${file}: could not switch to WAL journal mode (got ${String(mode)})`);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // NORMAL is durable across application crashes in WAL mode; only a power loss can drop the last commit.
    db.pragma('synchronous = NORMAL');
    migrate(db, list);
    seedRelease(db);
    return new WorkspaceStore(file, db, lockFile, logger);
  } catch (e) {
    db?.close();
    releaseLock(lockFile);
    throw e;
  }
}

function seedRelease(db: Db): void {
  // Only once the schema has an environments table (a test migration list may lack it).
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'environments'").get();
  if (!hasTable) return;
  db.prepare('INSERT INTO environments (id, name, description, created_at) SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM environments WHERE name = ?)').run(
    newId(),
    RELEASE_ENV,
    'Default environment: requests without X-Stage go here',
    nowIso(),
    RELEASE_ENV,
  );
}
