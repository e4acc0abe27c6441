/**
 * The policies bound to each published API per environment, compiled with the rest of the view so
 * the request path looks them up in maps (no SQLite, no JSON parsing per request).
 */
import type { AccessControlPolicy, OrchestrationRule, Plugin, ThrottlePolicy } from '../../../src-shared/model';
import { parseIpList, type IpRange } from '../../../src-shared/apig/ip-ranges';
import { parseSetRespHeaders, type RespHeaderRule } from '../../../src-shared/rules/policies';
import type { PublishedView } from '../../store/workspace-store';

export interface CompiledAcl {
  policy: AccessControlPolicy;
  /** IP policies only. */
  ranges: IpRange[];
  /** Account policies only: the listed names (DOMAIN) or lower-cased IDs (DOMAIN_ID). */
  accounts?: Set<string>;
}

export interface CompiledPlugin {
  plugin: Plugin;
  /** set_resp_headers only: the parsed rules. */
  respHeaders?: RespHeaderRule[];
}

export interface ApiEnvPolicies {
  throttle?: ThrottlePolicy;
  acls: CompiledAcl[];
  plugins: CompiledPlugin[];
}

export interface CompiledPolicies {
  /** Bound policies of an API in an environment (by name); an empty record when none. */
  forApi(apiId: string, env: string): ApiEnvPolicies;
  /** Orchestration rules by name (how request parameters reference them) and by id. */
  orchestrations: Map<string, OrchestrationRule>;
}

const NONE: ApiEnvPolicies = Object.freeze({ acls: [], plugins: [] }) as ApiEnvPolicies;

export function compilePolicies(view: PublishedView): CompiledPolicies {
  const envNames = new Map(view.environments.map((e) => [e.id, e.name]));
  const throttles = new Map(view.throttles.map((t) => [t.id, t]));
  const acls = new Map(view.accessControls.map((a) => [a.id, a]));
  const plugins = new Map(view.plugins.map((p) => [p.id, p]));
  const byApiEnv = new Map<string, ApiEnvPolicies>();
  const entry = (apiId: string, env: string) => {
    const key = `${apiId}\0${env}`;
    let e = byApiEnv.get(key);
    if (!e) byApiEnv.set(key, (e = { acls: [], plugins: [] }));
    return e;
  };
  for (const b of view.policyBindings) {
    const env = envNames.get(b.envId);
    if (!env) continue;
    if (b.kind === 'throttle') {
      const t = throttles.get(b.policyId);
      if (t) entry(b.apiId, env).throttle = t;
    } else if (b.kind === 'acl') {
      const a = acls.get(b.policyId);
      if (!a) continue;
      if (a.entityType === 'IP') {
        const parsed = parseIpList(a.value);
        entry(b.apiId, env).acls.push({ policy: a, ranges: parsed.ok ? parsed.ranges : [] });
      } else {
        entry(b.apiId, env).acls.push({ policy: a, ranges: [], accounts: accountSet(a) });
      }
    } else {
      const p = plugins.get(b.policyId);
      if (!p) continue;
      entry(b.apiId, env).plugins.push({ plugin: p, respHeaders: p.type === 'set_resp_headers' ? parseSetRespHeaders(p.content).rules : undefined });
    }
  }
  const orchestrations = new Map<string, OrchestrationRule>();
  for (const o of view.orchestrations) {
    orchestrations.set(o.id, o);
    orchestrations.set(o.name, o);
  }
  return { forApi: (apiId, env) => byApiEnv.get(`${apiId}\0${env}`) ?? NONE, orchestrations };
}

/**
 * Entries are trimmed as the rules read them. [I] IDs compare case-insensitively (they are hex);
 * names compare exactly, as written ([U] whether APIG ignores case in account names).
 */
function accountSet(a: AccessControlPolicy): Set<string> {
  const entries = a.value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return new Set(a.entityType === 'DOMAIN_ID' ? entries.map((s) => s.toLowerCase()) : entries);
}
