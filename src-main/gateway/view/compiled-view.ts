/**
 * The gateway's in-memory view of what is published, compiled once per workspace change so the
 * request path never touches SQLite (DESIGN.md).
 */
import type { Api, ApiGroup, App, Authorizer, GatewayResponseSet, IamToken, LocalFunction } from '../../../src-shared/model';
import { Router } from '../../../src-shared/apig/router';
import type { PublishedView } from '../../store/workspace-store';
import { compilePolicies, type CompiledPolicies } from './compiled-policies';

export interface CompiledGroup {
  group: ApiGroup;
  /** Routers per environment name, over the APIs published there. */
  routers: Map<string, Router<Api>>;
  /** Variables per environment name. */
  variables: Map<string, Map<string, string>>;
  defaultResponseSet?: GatewayResponseSet;
  responseSets: Map<string, GatewayResponseSet>;
}

export interface CompiledView {
  groups: CompiledGroup[];
  groupsByDomain: Map<string, CompiledGroup>;
  defaultGroup?: CompiledGroup;
  environments: Set<string>;
  authorizers: Map<string, Authorizer>;
  functionsByName: Map<string, LocalFunction>;
  /** Throttling, access-control and plug-in bindings; orchestration rules. */
  policies: CompiledPolicies;
  /** Credentials by AppKey and by AppCode (the secret is needed to verify signatures). */
  appsByKey: Map<string, App>;
  appsByCode: Map<string, App>;
  /** Keys of appAuthorizationKey(appId, apiId, envName). */
  appAuthorizations: Set<string>;
  iamTokens: Map<string, IamToken>;
}

export function appAuthorizationKey(appId: string, apiId: string, envName: string): string {
  return `${appId}\0${apiId}\0${envName}`;
}

export function compileView(view: PublishedView): CompiledView {
  const envNames = new Map(view.environments.map((e) => [e.id, e.name]));
  const groups = new Map<string, CompiledGroup>();
  for (const group of view.groups) {
    groups.set(group.id, { group, routers: new Map(), variables: new Map(), responseSets: new Map() });
  }

  const apisByGroupEnv = new Map<string, Api[]>();
  for (const pub of view.publications) {
    if (!pub.active) continue;
    const env = envNames.get(pub.envId);
    if (!env || !groups.has(pub.snapshot.groupId)) continue;
    const key = `${pub.snapshot.groupId}\0${env}`;
    const list = apisByGroupEnv.get(key) ?? [];
    list.push(pub.snapshot);
    apisByGroupEnv.set(key, list);
  }
  for (const [key, apis] of apisByGroupEnv) {
    const [groupId, env] = key.split('\0');
    groups.get(groupId)!.routers.set(
      env,
      new Router(apis.map((api) => ({ method: api.method, path: api.path, matchMode: api.matchMode, value: api }))),
    );
  }

  for (const v of view.variables) {
    const compiled = groups.get(v.groupId);
    const env = envNames.get(v.envId);
    if (!compiled || !env) continue;
    const vars = compiled.variables.get(env) ?? new Map<string, string>();
    vars.set(v.name, v.value);
    compiled.variables.set(env, vars);
  }

  for (const set of view.responseSets) {
    const compiled = groups.get(set.groupId);
    if (!compiled) continue;
    compiled.responseSets.set(set.id, set);
    if (set.isDefault) compiled.defaultResponseSet = set;
  }

  const all = [...groups.values()];
  const groupsByDomain = new Map<string, CompiledGroup>();
  for (const g of all) for (const d of g.group.domains) groupsByDomain.set(d.toLowerCase(), g);

  return {
    groups: all,
    groupsByDomain,
    defaultGroup: all.find((g) => g.group.isDefault) ?? (all.length === 1 ? all[0] : undefined),
    environments: new Set(view.environments.map((e) => e.name)),
    authorizers: new Map(view.authorizers.map((a) => [a.id, a])),
    functionsByName: new Map(view.functions.map((f) => [f.name, f])),
    policies: compilePolicies(view),
    appsByKey: new Map(view.apps.map((a) => [a.appKey, a])),
    appsByCode: new Map(view.apps.flatMap((a) => a.appCodes.map((c) => [c.code, a] as const))),
    appAuthorizations: new Set(
      view.appAuthorizations.flatMap((a) => {
        const env = envNames.get(a.envId);
        return env ? [appAuthorizationKey(a.appId, a.apiId, env)] : [];
      }),
    ),
    iamTokens: new Map(view.iamTokens.map((t) => [t.token, t])),
  };
}
