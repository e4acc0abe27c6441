/**
 * `deploy`: plan, apply and verify one group in one environment of a real APIG instance.
 *
 * Plan reads the cloud (group, environment, variables, authorizers, the FunctionGraph functions of
 * unbound local functions, and the export of what the environment has published) and lists what
 * will be created, changed or left alone. Apply runs those steps in order: group and environment
 * when missing, variables, function code (create or update, then publish a version), the import
 * of the group's definition (explicit extend_mode / api_mode override), custom authorizers
 * (with user_data, which a definition file cannot carry), publication; then it exports again and
 * reports drift. Nothing is sent for a step that has nothing to do, so a second deploy of the same
 * workspace changes nothing; the first refusal stops the run and the report says what was done.
 */
import { dirname } from 'node:path';
import { formatFunctionUrn, parseFunctionUrn, unqualifiedUrn } from '../../src-shared/apig/function-urn';
import { isChange, type DeployReport, type DeployStep } from '../../src-shared/deploy';
import { functionNameFromUrn, type Authorizer } from '../../src-shared/model';
import { formatDiagnostic } from '../../src-shared/openapi/diagnostics';
import { exportGroup } from '../definitions/export-group';
import { bindAuthorizer, boundUrns } from '../definitions/function-bindings';
import type { WorkspaceStore } from '../store/workspace-store';
import { ApigApi, type CloudAuthorizer, type CloudAuthorizerBody } from './apig-api';
import type { CloudCredentials } from './credentials';
import type { Endpoints } from './endpoints';
import { CLOUD_RUNTIME, FINGERPRINT_PREFIX, packageFunction, type PackagedCode } from './function-code';
import { FunctionGraphApi } from './functiongraph-api';
import { SignedClient } from './signed-client';

export interface DeployTarget {
  groupName: string;
  envName: string;
  projectId: string;
  instanceId: string;
  endpoints: Endpoints;
  credentials: CloudCredentials;
}

/** The workspace cannot be deployed as asked (no such group or environment): a usage problem. */
export class DeployInputError extends Error {}

const FUNCTION_PACKAGE = 'default';
const REMARK = 'apig-workbench deploy';

type Json = Record<string, unknown>;

/** JSON with object keys sorted: two documents that mean the same compare equal as text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Json).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/** `METHOD /path` -> operation, for the operations under `paths` of an exported document. */
function operations(doc: Json | undefined): Map<string, unknown> {
  const ops = new Map<string, unknown>();
  for (const [path, item] of Object.entries((doc?.paths as Record<string, Json> | undefined) ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      ops.set(`${method === 'x-apigateway-any-method' ? 'ANY' : method.toUpperCase()} ${path}`, op);
    }
  }
  return ops;
}

/** Keys of two operations whose values differ (top level), for a readable "what changed". */
function differingKeys(a: unknown, b: unknown): string[] {
  const x = (a ?? {}) as Json;
  const y = (b ?? {}) as Json;
  return [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((k) => canonical(x[k]) !== canonical(y[k])).sort();
}

function authorizerBody(a: Authorizer): CloudAuthorizerBody {
  return {
    name: a.name,
    type: a.type,
    authorizer_type: 'FUNC',
    authorizer_uri: a.functionUrn,
    network_type: a.networkType,
    authorizer_version: a.authorizerVersion || undefined,
    authorizer_alias_uri: a.authorizerAliasUri || undefined,
    identities: a.identities.map((i) => ({ name: i.name, location: i.location, ...(i.validation ? { validation: i.validation } : {}) })),
    ttl: a.ttl,
    user_data: a.userData,
    need_body: a.needBody,
  };
}

function authorizerDifferences(local: CloudAuthorizerBody, cloud: CloudAuthorizer): string[] {
  const norm = (v: unknown) => canonical(v === undefined || v === null ? '' : v);
  return (Object.keys(local) as (keyof CloudAuthorizerBody)[]).filter((k) => norm(local[k]) !== norm(cloud[k]));
}

interface FunctionWork {
  name: string;
  packaged: PackagedCode;
  /** Unqualified URN of the cloud function, when it exists. */
  cloudUrn?: string;
  /** The version holding exactly this code, when one exists. */
  version?: string;
}

export class Deployment {
  private readonly apig: ApigApi;
  private readonly fg: FunctionGraphApi;
  readonly apigClient: SignedClient;
  readonly fgClient: SignedClient;
  private readonly steps: DeployStep[] = [];
  private readonly report: DeployReport;
  private groupId?: string;
  private envId?: string;
  private readonly functionUrns = new Map<string, string>();
  private functions: FunctionWork[] = [];
  private localDoc?: Json;
  private localText = '';
  private fileName = '';

  constructor(
    private readonly store: WorkspaceStore,
    private readonly target: DeployTarget,
  ) {
    this.apigClient = new SignedClient(target.endpoints.apig, target.credentials, target.projectId);
    this.fgClient = new SignedClient(target.endpoints.functionGraph, target.credentials, target.projectId);
    this.apig = new ApigApi(this.apigClient, target.projectId, target.instanceId);
    this.fg = new FunctionGraphApi(this.fgClient, target.projectId);
    this.report = { groupName: target.groupName, envName: target.envName, outcome: 'planned', steps: this.steps, problems: [], drift: [] };
  }

  /** Reads the workspace and the cloud and lists the steps; changes nothing. */
  async plan(): Promise<DeployReport> {
    const { store, target } = this;
    const group = store.groups.getByName(target.groupName);
    if (!group) throw new DeployInputError(`group '${target.groupName}' does not exist in the workspace`);
    const env = store.environments.getByName(target.envName);
    if (!env) throw new DeployInputError(`environment '${target.envName}' does not exist in the workspace`);
    try {
      await this.planCloud(group.id, env.id);
    } catch (error) {
      this.report.outcome = 'failed';
      this.report.error = error instanceof Error ? error.message : String(error);
    }
    return this.report;
  }

  private add(step: Omit<DeployStep, 'status'>): void {
    this.steps.push({ ...step, status: 'planned' });
  }

  private async planCloud(localGroupId: string, localEnvId: string): Promise<void> {
    const { target } = this;
    const cloudGroup = await this.apig.findGroup(target.groupName);
    const cloudEnv = await this.apig.findEnvironment(target.envName);
    this.groupId = cloudGroup?.id;
    this.envId = cloudEnv?.id;
    this.add({ kind: 'group', name: target.groupName, action: cloudGroup ? 'unchanged' : 'create', detail: cloudGroup ? `id ${cloudGroup.id}` : 'not on the instance' });
    this.add({ kind: 'environment', name: target.envName, action: cloudEnv ? 'unchanged' : 'create', detail: cloudEnv ? `id ${cloudEnv.id}` : 'not on the instance' });

    const cloudVars = cloudGroup && cloudEnv ? await this.apig.listVariables(cloudGroup.id, cloudEnv.id) : [];
    const localVars = this.store.variables.list({ groupId: localGroupId, envId: localEnvId });
    for (const v of localVars) {
      const there = cloudVars.find((c) => c.variable_name === v.name);
      const action = !there ? 'create' : there.variable_value !== v.value ? 'update' : 'unchanged';
      this.add({ kind: 'variable', name: v.name, action, detail: action === 'update' ? `value differs on the cloud` : '' });
    }
    for (const c of cloudVars.filter((c) => !localVars.some((v) => v.name === c.variable_name))) {
      this.add({ kind: 'variable', name: c.variable_name, action: 'left alone', detail: 'defined on the cloud only' });
    }

    await this.planFunctions(localEnvId);
    const exported = this.exportLocal();
    if (!exported) return;

    const cloudDoc = cloudGroup && cloudEnv ? (JSON.parse(await this.apig.exportDefinition(cloudGroup.id, cloudEnv.id)) as Json) : undefined;
    const local = operations(this.localDoc);
    const cloud = operations(cloudDoc);
    for (const [key, op] of local) {
      const there = cloud.get(key);
      if (there === undefined) this.add({ kind: 'api', name: key, action: 'create', detail: `not published in ${target.envName}` });
      else {
        const keys = differingKeys(op, there);
        this.add({ kind: 'api', name: key, action: keys.length ? 'update' : 'unchanged', detail: keys.length ? `differs in ${keys.join(', ')}` : '' });
      }
    }
    for (const key of cloud.keys()) if (!local.has(key)) this.add({ kind: 'api', name: key, action: 'left alone', detail: 'published on the cloud only' });

    this.planAuthorizers(await this.apig.listAuthorizers());
    const apiChanges = this.steps.filter((s) => s.kind === 'api' && isChange(s)).length;
    if (apiChanges) this.add({ kind: 'publish', name: target.envName, action: 'update', detail: `import the definition and publish ${local.size} API(s)` });
  }

  private async planFunctions(localEnvId: string): Promise<void> {
    const bound = boundUrns(this.store, localEnvId);
    const group = this.store.groups.getByName(this.target.groupName)!;
    const apis = this.store.publications.active(localEnvId).map((p) => p.snapshot).filter((a) => a.groupId === group.id);
    const usedAuthorizers = new Set(apis.flatMap((a) => [a.authorizerId, a.backend.authorizerId]).filter(Boolean));
    const urns = [
      ...apis.flatMap((a) => [a.backend, ...(a.backendPolicies ?? []).map((p) => p.backend)]).flatMap((b) => (b.type === 'FUNCTION' ? [b.functionUrn] : [])),
      ...this.store.authorizers.list().filter((a) => usedAuthorizers.has(a.id)).map((a) => a.functionUrn),
    ];
    const names = [...new Set(urns.map(functionNameFromUrn))].sort();
    for (const name of names) {
      const fn = this.store.functions.getByName(name);
      if (bound.has(name)) {
        this.add({ kind: 'function', name, action: 'unchanged', detail: `bound to ${bound.get(name)}` });
        continue;
      }
      if (!fn) continue; // not a local function: the URN is written as it is (a placeholder is a pre-flight error)
      const packaged = packageFunction(fn, dirname(this.store.file));
      const cloud = await this.fg.find(name, FUNCTION_PACKAGE);
      const base = cloud && parseFunctionUrn(cloud.func_urn);
      const work: FunctionWork = { name, packaged, cloudUrn: base ? unqualifiedUrn(base) : undefined };
      if (work.cloudUrn) {
        const versions = await this.fg.versions(work.cloudUrn);
        work.version = versions.find((v) => v.version !== 'latest' && v.description === FINGERPRINT_PREFIX + packaged.fingerprint)?.version;
      }
      this.functions.push(work);
      if (work.cloudUrn && work.version) {
        this.functionUrns.set(name, `${work.cloudUrn}:${work.version}`);
        this.add({ kind: 'function', name, action: 'unchanged', detail: `version ${work.version} holds this code` });
      } else {
        // Until the version exists, the definition refers to it by a stand-in the plan shows as changed.
        this.functionUrns.set(name, `${work.cloudUrn ?? `urn:fss:pending:${this.target.projectId}:function:${FUNCTION_PACKAGE}:${name}`}:new-version`);
        this.add({ kind: 'function', name, action: work.cloudUrn ? 'update' : 'create', detail: work.cloudUrn ? 'upload the code and publish a version' : 'create in FunctionGraph and publish a version' });
      }
    }
  }

  /** The definition to import, with bound and deployed URNs; false (and problems reported) when it does not deploy. */
  private exportLocal(): boolean {
    const result = exportGroup(this.store, { groupName: this.target.groupName, envName: this.target.envName, scope: 'all', oas: '2.0', format: 'json', version: 'deploy', urns: this.functionUrns });
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) {
      this.report.problems = errors.map((d) => formatDiagnostic(result.fileName, d));
      this.report.outcome = 'refused';
      this.report.error = `the workspace's definition for ${this.target.envName} does not deploy (${errors.length} pre-flight error(s)); nothing was sent`;
      return false;
    }
    this.localText = result.text;
    this.fileName = result.fileName;
    this.localDoc = JSON.parse(result.text) as Json;
    return true;
  }

  /**
   * The authorizers the deployed APIs use (frontend, and backend authorizers of their backends), with
   * bound and deployed URNs: what the cloud must hold.
   */
  private localAuthorizers(): Authorizer[] {
    const env = this.store.environments.getByName(this.target.envName)!;
    const group = this.store.groups.getByName(this.target.groupName)!;
    const apis = this.store.publications.active(env.id).map((p) => p.snapshot).filter((a) => a.groupId === group.id);
    const used = new Set(apis.flatMap((a) => [a.authorizerId, a.backend.authorizerId, ...(a.backendPolicies ?? []).map((p) => p.backend.authorizerId)]).filter(Boolean));
    const urns = new Map([...boundUrns(this.store, env.id), ...this.functionUrns]);
    return this.store.authorizers
      .list()
      .filter((a) => used.has(a.id))
      .map((a) => bindAuthorizer(a, urns));
  }

  private planAuthorizers(cloud: CloudAuthorizer[]): void {
    for (const a of this.localAuthorizers()) {
      const there = cloud.find((c) => c.name === a.name);
      const diff = there ? authorizerDifferences(authorizerBody(a), there) : [];
      // A definition file carries no backend authorizer: it is created here, but binding it to its APIs stays a console step.
      const note = a.type === 'BACKEND' ? 'backend authorizer: bind it to its APIs in the console (a definition file cannot)' : '';
      const detail = [diff.length ? `differs in ${diff.join(', ')}` : '', note].filter(Boolean).join('; ');
      this.add({ kind: 'authorizer', name: a.name, action: !there ? 'create' : diff.length ? 'update' : 'unchanged', detail });
    }
  }

  /** Runs the planned steps; stops at the first refusal. Call after plan(). */
  async apply(): Promise<DeployReport> {
    if (this.report.outcome !== 'planned') return this.report;
    if (!this.steps.some(isChange)) {
      this.report.outcome = 'unchanged';
      return this.report;
    }
    let current: DeployStep | undefined;
    try {
      const run = async (kind: DeployStep['kind'], fn: (step: DeployStep) => Promise<void>) => {
        for (const step of this.steps.filter((s) => s.kind === kind && isChange(s))) {
          current = step;
          await fn(step);
          step.status = 'done';
        }
      };
      await run('group', async () => {
        this.groupId = (await this.apig.createGroup(this.target.groupName, REMARK)).id;
      });
      await run('environment', async () => {
        this.envId = (await this.apig.createEnvironment(this.target.envName, REMARK)).id;
      });
      const groupId = this.groupId!;
      const envId = this.envId!;
      const localEnv = this.store.environments.getByName(this.target.envName)!;
      const localGroup = this.store.groups.getByName(this.target.groupName)!;
      const localVars = this.store.variables.list({ groupId: localGroup.id, envId: localEnv.id });
      const cloudVars = this.steps.some((s) => s.kind === 'variable' && s.action === 'update') ? await this.apig.listVariables(groupId, envId) : [];
      await run('variable', async (step) => {
        const value = localVars.find((v) => v.name === step.name)!.value;
        const there = cloudVars.find((c) => c.variable_name === step.name);
        if (there) await this.apig.updateVariable(there.id, value);
        else await this.apig.createVariable(groupId, envId, step.name, value);
      });
      await run('function', async (step) => {
        const work = this.functions.find((f) => f.name === step.name)!;
        const fn = this.store.functions.getByName(step.name)!;
        let urn = work.cloudUrn;
        if (urn) await this.fg.updateCode(urn, work.packaged.code);
        else {
          const created = await this.fg.create({
            func_name: fn.name,
            package: FUNCTION_PACKAGE,
            runtime: CLOUD_RUNTIME[fn.runtime],
            handler: work.packaged.handler,
            memory_size: fn.memoryMb,
            timeout: Math.max(3, Math.ceil(fn.timeoutMs / 1000)),
            description: fn.description,
            code: work.packaged.code,
          });
          const parsed = parseFunctionUrn(created.func_urn);
          if (!parsed) throw new Error(`CreateFunction answered an unreadable func_urn '${created.func_urn}'`);
          urn = unqualifiedUrn(parsed);
        }
        const version = await this.fg.publishVersion(urn, FINGERPRINT_PREFIX + work.packaged.fingerprint);
        const published = formatFunctionUrn({ ...parseFunctionUrn(urn)!, version: version.version });
        this.functionUrns.set(step.name, published);
        step.detail = `published ${published}`;
      });
      // The definition now carries the real function versions.
      if (!this.exportLocal()) throw new Error(this.report.error);
      this.report.outcome = 'planned';
      const apiSteps = this.steps.filter((s) => s.kind === 'api' && isChange(s));
      let importedIds: string[] = [];
      if (apiSteps.length) {
        current = apiSteps[0];
        const answer = await this.apig.importDefinition(groupId, this.fileName, this.localText);
        current = undefined;
        // The import is per API: mark each step by the answer's success and failure lists.
        const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
        const succeeded = new Set((answer.success ?? []).map((x) => key(x.method, x.path)));
        const failed = new Map((answer.failure ?? []).map((x) => [key(x.method, x.path), x]));
        for (const step of apiSteps) {
          const failure = failed.get(step.name);
          if (failure) Object.assign(step, { status: 'failed', detail: `${failure.error_code} ${failure.error_msg}` });
          else if (succeeded.has(step.name)) step.status = 'done';
        }
        if (answer.failure?.length) {
          const f = answer.failure[0];
          throw new Error(`ImportApiDefinitionsV2 refused ${answer.failure.length} API(s), first ${key(f.method, f.path)}: ${f.error_code} ${f.error_msg}; nothing was published`);
        }
        importedIds = (answer.success ?? []).map((x) => x.id);
        for (const step of apiSteps) step.status = 'done';
      }
      // Authorizers after the import: the import writes them without user_data.
      const cloudAuthorizers = await this.apig.listAuthorizers();
      await run('authorizer', async (step) => {
        const local = this.localAuthorizers().find((a) => a.name === step.name)!;
        const there = cloudAuthorizers.find((c) => c.name === step.name);
        if (there) await this.apig.updateAuthorizer(there.id, authorizerBody(local));
        else await this.apig.createAuthorizer(authorizerBody(local));
      });
      // An authorizer the import rewrote (without user_data) needs its full body again.
      const afterwards = await this.apig.listAuthorizers();
      for (const a of this.localAuthorizers()) {
        const there = afterwards.find((c) => c.name === a.name);
        if (!there || !authorizerDifferences(authorizerBody(a), there).length) continue;
        await this.apig.updateAuthorizer(there.id, authorizerBody(a));
        const step = this.steps.find((s) => s.kind === 'authorizer' && s.name === a.name);
        if (step && step.action === 'unchanged') Object.assign(step, { action: 'update', detail: 'restored after the import' });
      }
      await run('publish', async () => {
        const answer = await this.apig.publish(envId, importedIds, REMARK);
        if (answer.failure?.length) {
          const f = answer.failure[0];
          throw new Error(`BatchPublishOrOfflineApiV2 refused ${answer.failure.length} API(s), first ${f.api_name}: ${f.error_code} ${f.error_msg}`);
        }
      });
      current = undefined;
      this.report.outcome = 'applied';
      await this.verify(groupId, envId);
    } catch (error) {
      this.report.outcome = 'failed';
      this.report.error = error instanceof Error ? error.message : String(error);
      if (current) current.status = 'failed';
      for (const s of this.steps) if (isChange(s) && s.status === 'planned') s.status = 'not done';
    }
    return this.report;
  }

  /** Exports what the environment now publishes and lists where it differs from the workspace. */
  private async verify(groupId: string, envId: string): Promise<void> {
    const cloud = operations(JSON.parse(await this.apig.exportDefinition(groupId, envId)) as Json);
    for (const [key, op] of operations(this.localDoc)) {
      const there = cloud.get(key);
      if (there === undefined) this.report.drift.push(`${key}: not published in ${this.target.envName} after the deploy`);
      else {
        const keys = differingKeys(op, there);
        if (keys.length) this.report.drift.push(`${key}: the cloud's export differs in ${keys.join(', ')}`);
      }
    }
    const cloudAuthorizers = await this.apig.listAuthorizers();
    for (const a of this.localAuthorizers()) {
      const there = cloudAuthorizers.find((c) => c.name === a.name);
      const diff = there ? authorizerDifferences(authorizerBody(a), there) : ['(missing)'];
      if (diff.length) this.report.drift.push(`authorizer ${a.name}: the cloud differs in ${diff.join(', ')}`);
    }
    const group = this.store.groups.getByName(this.target.groupName)!;
    const env = this.store.environments.getByName(this.target.envName)!;
    const cloudVars = await this.apig.listVariables(groupId, envId);
    for (const v of this.store.variables.list({ groupId: group.id, envId: env.id })) {
      const there = cloudVars.find((c) => c.variable_name === v.name);
      if (!there) this.report.drift.push(`variable ${v.name}: missing on the cloud`);
      else if (there.variable_value !== v.value) this.report.drift.push(`variable ${v.name}: the cloud's value differs`);
    }
  }
}
