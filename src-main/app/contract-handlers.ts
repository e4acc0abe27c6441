/**
 * The contract implemented on the core. Hosts never call the store or the gateway directly; they
 * dispatch here (after `validateArgs`), so the Electron shell and the browser host behave the same.
 */
import type { ApiFilter, ApiListItem, WorkbenchApi } from '../../src-shared/contract';
import type { Api, Authorizer, LocalFunction, Publication } from '../../src-shared/model';
import { SYSTEM_PARAMETERS, BACKEND_AUTHORIZER_PREFIX, FRONTEND_AUTHORIZER_PREFIX } from '../../src-shared/apig/system-parameters';
import { withAuthorizerDefaults, withFunctionDefaults } from '../../src-shared/rules/inputs';
import { validateAuthorizer } from '../../src-shared/rules/authorizer';
import { validateFunction } from '../../src-shared/rules/function';
import { nestIssues, throwIfIssues } from '../../src-shared/rules/issues';
import { HostError } from '../../src-shared/host-error';
import { notFound } from './contract-errors';
import { FaultRuleError } from '../lab/fault-injector';
import { requestFromEvent } from '../../src-shared/lab/test-events';
import { readSuite } from '../../src-shared/lab/suite';
import { runSuite } from '../lab/suite-runner';
import { requestFromTrace, tracesToHar } from '../../src-shared/lab/har';
import { workbenchVersion } from '../lab/workbench-version';
import type { WorkbenchSession } from './session';
import { sendThroughGateway } from '../lab/tester';
import { functionDebugInfo } from '../functions/debug-info';
import { definitionHandlers } from './definitions-bridge';
import { credentialsAndPolicyHandlers } from './credentials-policies-bridge';
import { deployHandlers } from './deploy-bridge';

/** Drafts tested from the editor have no id yet; this one is never stored. */
const DRAFT_ID = 'draft';

function found<T>(value: T | undefined, what: string, id: string): T {
  if (value === undefined) throw notFound(what, id);
  return value;
}

export function createContractHandlers(session: WorkbenchSession): WorkbenchApi {
  const store = () => session.workbench.store;
  const gateway = () => session.workbench.gateway;

  return {
    // ---- workspace
    workspaceInfo: async () => session.info(),
    openWorkspace: async ({ file }) => session.openWorkspace(file),
    createWorkspace: async ({ file, fromSample }) => session.createWorkspace(file, fromSample ?? false),

    // ---- groups
    listGroups: async () => store().groups.list(),
    getGroup: async ({ id }) => found(store().groups.get(id), 'API group', id),
    createGroup: async ({ input }) => store().groups.create(input),
    updateGroup: async ({ id, patch }) => store().groups.update(id, patch),
    removeGroup: async ({ id }) => store().groups.remove(id),

    // ---- environments and variables
    listEnvironments: async () => store().environments.list(),
    createEnvironment: async ({ input }) => store().environments.create(input),
    updateEnvironment: async ({ id, patch }) => store().environments.update(id, patch),
    removeEnvironment: async ({ id }) => store().environments.remove(id),

    listVariables: async (args) => store().variables.list({ groupId: args?.groupId, envId: args?.envId }),
    createVariable: async ({ input }) => store().variables.set(input.groupId, input.envId, input.name, input.value),
    updateVariable: async ({ id, patch }) => {
      const s = store();
      const existing = found(s.variables.list().find((v) => v.id === id), 'variable', id);
      const next = { ...existing, ...patch };
      // Variables are keyed by group+environment+name; a rename or move is a new key.
      return s.transaction(() => {
        if (next.groupId !== existing.groupId || next.envId !== existing.envId || next.name !== existing.name) s.variables.remove(id);
        return s.variables.set(next.groupId, next.envId, next.name, next.value);
      });
    },
    removeVariable: async ({ id }) => store().variables.remove(id),

    // ---- APIs
    listApis: async (args) => listApis(session, args?.filter ?? {}),
    getApi: async ({ id }) => found(store().apis.get(id), 'API', id),
    createApi: async ({ input }) => store().apis.create(input),
    updateApi: async ({ id, patch }) => store().apis.update(id, patch),
    cloneApi: async ({ id, name }) => store().apis.clone(id, name),
    removeApi: async ({ id }) => store().apis.remove(id),

    // ---- functions
    listFunctions: async () => store().functions.list(),
    getFunction: async ({ id }) => found(store().functions.get(id), 'function', id),
    createFunction: async ({ input }) => store().functions.create(input),
    updateFunction: async ({ id, patch }) => store().functions.update(id, patch),
    removeFunction: async ({ id }) => store().functions.remove(id),
    functionDebug: async ({ id }) => {
      const fn = found(store().functions.get(id), 'function', id);
      const functions = session.workbench.functions;
      // An edit ended the debugged instance: start the next one now, so a debugger can attach before a request.
      if (functions.isDebugging(id) && !functions.debugInstance(id)) await functions.setDebug(fn, true);
      return functionDebugInfo(fn, functions.isDebugging(id), functions.debugInstance(id));
    },
    setFunctionDebug: async ({ id, enabled }) => {
      const fn = found(store().functions.get(id), 'function', id);
      const functions = session.workbench.functions;
      await functions.setDebug(fn, enabled);
      return functionDebugInfo(fn, enabled, functions.debugInstance(id));
    },

    // ---- authorizers
    listAuthorizers: async () => store().authorizers.list(),
    getAuthorizer: async ({ id }) => found(store().authorizers.get(id), 'authorizer', id),
    createAuthorizer: async ({ input }) => store().authorizers.create(input),
    updateAuthorizer: async ({ id, patch }) => store().authorizers.update(id, patch),
    removeAuthorizer: async ({ id }) => store().authorizers.remove(id),

    // ---- gateway response sets
    listResponseSets: async (args) => {
      const s = store();
      if (args?.groupId) return s.responseSets.list(args.groupId);
      return s.groups.list().flatMap((g) => s.responseSets.list(g.id));
    },
    getResponseSet: async ({ id }) => found(store().responseSets.get(id), 'gateway response set', id),
    createResponseSet: async ({ input }) => store().responseSets.create(input),
    updateResponseSet: async ({ id, patch }) => store().responseSets.update(id, patch),
    removeResponseSet: async ({ id }) => store().responseSets.remove(id),

    // ---- publishing
    publishApi: async ({ apiId, envId, remark }) => store().publications.publish(apiId, envId, remark),
    takeApiOffline: async ({ apiId, envId }) => store().publications.takeOffline(apiId, envId),
    publicationHistory: async (args) => {
      const s = store();
      if (args?.apiId) return s.publications.history(args.apiId, args.envId);
      const all: Publication[] = s.apis.list().flatMap((a) => s.publications.history(a.id, args?.envId));
      return all.sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
    },

    // ---- gateway
    gatewayStatus: async () => session.gatewayStatus(),
    startGateway: async (args) => session.startGateway(args?.port),
    stopGateway: async () => session.stopGateway(),
    setGatewayPort: async ({ port }) => session.setGatewayPort(port),
    testerVariables: async () => store().testerVariables.get(),
    setTesterVariables: async ({ env, variables }) => store().testerVariables.set(env, variables as Record<string, string>),
    gatewayConfig: async () => ({ workspace: store().gatewayConfig.get(), effective: gateway().gatewayConfig() }),
    updateGatewayConfig: async ({ changes }) => {
      const workspace = store().gatewayConfig.update(changes);
      return { workspace, effective: gateway().gatewayConfig() };
    },

    // ---- traces
    listTraces: async (args) => {
      // Traces are written in batches; flush so the list includes the request that just finished.
      gateway().flushTraces();
      return store().traces.list({ limit: args?.limit ?? 100, apiId: args?.apiId });
    },
    getTrace: async ({ id }) => found(await gateway().getTrace(id), 'trace', id),
    exportTracesHar: async ({ ids, includeOverrides }) => {
      const traces = [];
      for (const traceId of ids) traces.push(found(await gateway().getTrace(traceId), 'trace', traceId));
      traces.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
      const exported = tracesToHar(traces, { includeOverrides, creatorVersion: workbenchVersion() });
      if (!exported.ok) throw new HostError('conflict', exported.problem);
      return exported.har;
    },
    traceRequest: async ({ id }) => requestFromTrace(found(await gateway().getTrace(id), 'trace', id)),
    clearTraces: async () => {
      gateway().flushTraces();
      const s = store();
      const removed = s.traces.list({ limit: s.traces.retention() }).length;
      s.traces.clear();
      return { removed };
    },

    // ---- authorizer cache and testing
    authorizerCache: async () => gateway().authorizerCacheEntries(),
    flushAuthorizerCache: async (args) => ({ flushed: gateway().flushAuthorizerCache(args?.authorizerId, args?.key) }),
    workbenchClock: async () => gateway().clock.state(),
    advanceWorkbenchClock: async ({ seconds }) => gateway().clock.advance(seconds * 1000),
    resetWorkbenchClock: async () => gateway().clock.reset(),
    listFaultRules: async () => gateway().faults.list(),
    addFaultRule: async ({ rule }) => {
      try {
        return gateway().faults.add(rule);
      } catch (error) {
        if (error instanceof FaultRuleError) throw new HostError('invalid-argument', error.message);
        throw error;
      }
    },
    removeFaultRules: async (args) => ({ removed: gateway().faults.remove(args?.id) }),

    // ---- test suites
    runTestSuite: async ({ text, name }) => {
      const { suite, diagnostics } = readSuite(text, name ?? 'suite');
      if (!suite) return { diagnostics };
      if (!gateway().address()) throw new HostError('unavailable', 'the local gateway is not running: start it, then run the suite');
      return { diagnostics, result: await runSuite(gateway(), store(), suite, name ?? 'suite') };
    },

    listTestSuites: async () => store().testSuites.list(),
    saveTestSuite: async (args) => store().testSuites.save(args),
    removeTestSuite: async ({ id }) => store().testSuites.remove(id),

    // ---- named test events
    listTestEvents: async ({ functionId }) => {
      found(store().functions.get(functionId), 'function', functionId);
      return store().testEvents.list(functionId);
    },
    saveTestEvent: async (args) => store().testEvents.save(args),
    removeTestEvent: async ({ id }) => store().testEvents.remove(id),
    invokeFunction: async (args) => {
      const fn = args.functionId ? found(store().functions.get(args.functionId), 'function', args.functionId) : draftFunction(args.function!);
      const outcome = await session.workbench.functions.invoke(fn, args.event, { requestId: `test-${Date.now().toString(16)}` });
      const failure = outcome.failure && { kind: outcome.failure.kind, message: outcome.failure.message };
      return { ok: outcome.ok, result: outcome.result, failure, logs: outcome.logs, durationMs: outcome.durationMs };
    },
    sendEventThroughGateway: async ({ event, env }) => {
      const made = requestFromEvent(event);
      if (!made.ok) throw new HostError('invalid-argument', `cannot send this event: ${made.problem}`);
      return sendThroughGateway(gateway(), { ...made.request, env });
    },
    testAuthorizer: async (args) => {
      const s = store();
      const authorizer: Authorizer = args.authorizerId
        ? found(s.authorizers.get(args.authorizerId), 'authorizer', args.authorizerId)
        : draftAuthorizer(args.authorizer!);
      let fn: LocalFunction | undefined;
      if (args.functionId) fn = found(s.functions.get(args.functionId), 'function', args.functionId);
      else if (args.function) fn = draftFunction(args.function);
      return session.workbench.testAuthorizer({ authorizer, fn, event: args.event });
    },

    // ---- tester
    sendRequest: async (args) => sendThroughGateway(gateway(), args),
    testerHistory: async () => store().history.list(),
    saveTesterRequest: async ({ request, result }) => store().history.add(request, result),
    testerResult: async ({ id }) => store().history.result(id) ?? null,
    removeTesterRequest: async ({ id }) => store().history.remove(id),

    // ---- definitions
    ...definitionHandlers(() => session.workbench, session.definitionPlanner),

    // ---- credentials and policies
    ...credentialsAndPolicyHandlers(store),
    ...deployHandlers(() => session.workbench),

    systemParameters: async () => ({
      parameters: SYSTEM_PARAMETERS.map((p) => ({ name: p.name, value: p.value, description: p.description })),
      frontendAuthorizerPrefix: FRONTEND_AUTHORIZER_PREFIX,
      backendAuthorizerPrefix: BACKEND_AUTHORIZER_PREFIX,
    }),
  };
}

function listApis(session: WorkbenchSession, filter: ApiFilter): ApiListItem[] {
  const s = session.workbench.store;
  const text = filter.text?.trim().toLowerCase();
  const apis = s.apis.list(filter.groupId ? { groupId: filter.groupId } : undefined).filter(
    (api: Api) =>
      (!text || api.name.toLowerCase().includes(text) || api.path.toLowerCase().includes(text)) &&
      (!filter.method || api.method === filter.method) &&
      (!filter.authType || api.authType === filter.authType) &&
      (!filter.authorizerId || api.authorizerId === filter.authorizerId || api.backend.authorizerId === filter.authorizerId),
  );
  const envNames = new Map(s.environments.list().map((e) => [e.id, e.name]));
  const byApi = new Map<string, Publication[]>();
  for (const p of s.publications.active()) byApi.set(p.apiId, [...(byApi.get(p.apiId) ?? []), p]);
  return apis.map((api) => ({
    api,
    publications: (byApi.get(api.id) ?? []).map((p) => ({
      envId: p.envId,
      envName: envNames.get(p.envId) ?? p.envId,
      publishedAt: p.publishedAt,
      stale: p.snapshot.updatedAt !== api.updatedAt,
    })),
  }));
}

/** An unsaved authorizer from the editor, checked by the same rules the store applies on save. */
function draftAuthorizer(input: Parameters<typeof withAuthorizerDefaults>[0]): Authorizer {
  const draft = withAuthorizerDefaults(input);
  throwIfIssues(nestIssues('authorizer', validateAuthorizer(draft)), 'authorizer draft');
  const now = new Date().toISOString();
  return { ...draft, id: DRAFT_ID, createdAt: now, updatedAt: now };
}

function draftFunction(input: Parameters<typeof withFunctionDefaults>[0]): LocalFunction {
  const draft = withFunctionDefaults(input);
  throwIfIssues(nestIssues('function', validateFunction(draft)), 'function draft');
  return { ...draft, id: DRAFT_ID, updatedAt: new Date().toISOString() };
}

