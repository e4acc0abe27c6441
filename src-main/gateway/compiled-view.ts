/**
 * The gateway's in-memory view of what is published, compiled once per workspace change so the
 * request path never touches SQLite (DESIGN.md).
 */
import type { Api, ApiGroup, Authorizer, GatewayResponseSet, LocalFunction } from '../../src-shared/model';
import { Router } from '../../src-shared/apig/router';
import type { PublishedView } from '../store/workspace-store';

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
  };
}
