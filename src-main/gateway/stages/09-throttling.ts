/**
 * Pipeline stage: request throttling (runtime.md §5.1, §7 step 10), after authentication and the
 * frontend authorizer so app and user identities are known.
 *
 * Every applicable counter must pass: the gateway-wide default per-API limit (200 calls/s in
 * APIG, `ratelimit_api_limits`, applied even to APIs with no policy) and, when a policy is bound,
 * its API, user, app and IP limits. Special thresholds replace the app or user limit for that app
 * or tenant. Counters live in memory, one fixed window per counter aligned to the epoch ([U] APIG
 * does not document its algorithm); a rejected request consumes nothing.
 */
import type { ThrottlePolicy, ThrottleTimeUnit } from '../../../src-shared/model';
import type { ThrottleCounterTrace, ThrottlingDetail } from '../../../src-shared/trace';
import { Errors } from '../../../src-shared/apig/errors';
import { addStage, GatewayFailure, type Exchange } from '../exchange';
import type { ApiEnvPolicies } from '../view/compiled-policies';

export const TIME_UNIT_MS: Record<ThrottleTimeUnit, number> = { SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 };

/**
 * [U] The tenant a local caller belongs to, for user limits and USER special thresholds: the
 * workbench has a single local account, so every APP or IAM caller is this tenant.
 */
export const LOCAL_TENANT_ID = 'local';

/** A counter as the trace shows it, plus what the gateway needs to count: its key and window. */
export interface CounterCheck extends ThrottleCounterTrace {
  key: string;
  windowMs: number;
}

interface Window {
  start: number;
  count: number;
}

/** In-memory fixed-window counters, shared by every request of one gateway. */
export class ThrottleCounters {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Calls already counted in the window containing now. */
  used(key: string, windowMs: number): number {
    const w = this.windows.get(key);
    return w && w.start === this.windowStart(windowMs) ? w.count : 0;
  }

  take(key: string, windowMs: number): void {
    const start = this.windowStart(windowMs);
    const w = this.windows.get(key);
    if (w && w.start === start) w.count++;
    else {
      if (this.windows.size > 50_000) this.prune();
      this.windows.set(key, { start, count: 1 });
    }
  }

  /** Forgets the counters of one policy (after it is edited), or all of them. */
  reset(policyId?: string): void {
    if (policyId === undefined) this.windows.clear();
    else for (const key of this.windows.keys()) if (key.startsWith(`${policyId}\0`)) this.windows.delete(key);
  }

  private windowStart(windowMs: number): number {
    const now = this.now();
    return now - (now % windowMs);
  }

  /** Drops windows that ended (a day is the longest unit, so anything older is stale). */
  private prune(): void {
    const cutoff = this.now() - TIME_UNIT_MS.DAY;
    for (const [key, w] of this.windows) if (w.start < cutoff) this.windows.delete(key);
  }
}

export interface Caller {
  appId?: string;
  userId?: string;
}

/** The authenticated app and tenant, when authentication established them. */
export function callerOf(exchange: Exchange): Caller {
  const api = exchange.api!;
  const appId = api.authType === 'APP' ? exchange.app?.id : undefined;
  const authenticated = api.authType === 'APP' ? appId !== undefined : api.authType === 'IAM' && exchange.iamUser !== undefined;
  return { appId, userId: authenticated ? LOCAL_TENANT_ID : undefined };
}

function timeText(interval: number, unit: ThrottleTimeUnit): string {
  return `${interval} ${unit.toLowerCase()}`;
}

/** The counters that apply to this request, before counting it. */
export function countersFor(
  exchange: Exchange,
  policy: ThrottlePolicy | undefined,
  defaultLimit: number | false,
  counters: ThrottleCounters,
  caller: Caller = callerOf(exchange),
): CounterCheck[] {
  const api = exchange.api!;
  const checks: CounterCheck[] = [];
  const add = (c: Omit<CounterCheck, 'used' | 'remain' | 'tripped'>) => {
    const used = counters.used(c.key, c.windowMs);
    const tripped = used + 1 > c.limit;
    checks.push({ ...c, used, tripped, remain: tripped ? 0 : c.limit - used - 1 });
  };
  if (defaultLimit !== false) {
    add({ kind: 'api-allenv', source: 'default', key: `allenv\0${api.id}`, limit: defaultLimit, windowMs: 1000, time: '1 second' });
  }
  if (!policy) return checks;
  const windowMs = policy.timeInterval * TIME_UNIT_MS[policy.timeUnit];
  const time = timeText(policy.timeInterval, policy.timeUnit);
  // Type 1 counts each bound API (in each environment) separately; type 2 shares one set of counters.
  const scope = policy.type === 2 ? `${policy.id}\0shared` : `${policy.id}\0${api.id}\0${exchange.env}`;
  const base = { source: policy.name, windowMs, time };
  add({ ...base, kind: 'api', key: `${scope}\0api`, limit: policy.apiCallLimits });
  const special = (type: 'APP' | 'USER', id: string | undefined) =>
    id === undefined ? undefined : policy.specials.find((s) => s.objectType === type && s.objectId === id);
  if (caller.userId !== undefined) {
    const s = special('USER', caller.userId);
    const limit = s?.callLimits ?? policy.userCallLimits;
    if (limit !== undefined) add({ ...base, kind: 'user', key: `${scope}\0user\0${caller.userId}`, limit, special: s && `tenant ${s.objectId}` });
  }
  if (caller.appId !== undefined) {
    const s = special('APP', caller.appId);
    const limit = s?.callLimits ?? policy.appCallLimits;
    if (limit !== undefined) add({ ...base, kind: 'app', key: `${scope}\0app\0${caller.appId}`, limit, special: s && `app ${s.objectId}` });
  }
  if (policy.ipCallLimits !== undefined) {
    add({ ...base, kind: 'ip', key: `${scope}\0ip\0${exchange.sourceIp}`, limit: policy.ipCallLimits });
  }
  return checks;
}

function describe(c: CounterCheck): string {
  const who = c.kind === 'api-allenv' ? 'default per-API limit (ratelimit_api_limits)' : `${c.source} ${c.kind}`;
  return `${who} ${c.used + (c.tripped ? 0 : 1)}/${c.limit} per ${c.time}${c.special ? ` (special threshold for ${c.special})` : ''}`;
}

export interface ThrottlingDeps {
  counters: ThrottleCounters;
  /** Calls per second per API across environments; false turns the default limit off. */
  defaultApiRateLimit: number | false;
}

/** The detail of a request nothing counts: one shared, frozen value (it is kept with every such trace). */
const NOTHING_COUNTED = Object.freeze({ counters: Object.freeze([]) }) as unknown as ThrottlingDetail;

export function throttlingStage(exchange: Exchange, policies: ApiEnvPolicies, deps: ThrottlingDeps): void {
  const started = performance.now();
  if (!policies.throttle && deps.defaultApiRateLimit === false) {
    addStage(exchange, 'throttling', 'skip', 'no throttling policy bound and the default per-API limit is off', started, NOTHING_COUNTED);
    return;
  }
  const checks = countersFor(exchange, policies.throttle, deps.defaultApiRateLimit, deps.counters);
  const headers: Record<string, string> = {};
  for (const c of checks) headers[`x-apig-ratelimit-${c.kind}`] = `remain:${c.remain},limit:${c.limit},time:${c.time}`;
  exchange.rateLimitHeaders = headers;
  const detail: ThrottlingDetail = { counters: checks.map(({ key: _key, windowMs: _w, ...rest }) => rest) };
  // Report the first counter that trips, in APIG's order: API, user, app, IP.
  const tripped = checks.find((c) => c.tripped);
  if (tripped) {
    const kind = tripped.kind === 'api-allenv' ? 'api' : tripped.kind;
    const summary = `${checks.map(describe).join('; ')} — ${tripped.kind === 'api-allenv' ? 'the default per-API limit (gateway parameter ratelimit_api_limits)' : `the ${tripped.kind} limit of ${tripped.source}`} tripped → THROTTLED APIG.0308`;
    addStage(exchange, 'throttling', 'fail', summary, started, { ...detail, tripped: tripped.kind });
    throw new GatewayFailure(Errors.throttled(kind, tripped.limit, tripped.time));
  }
  for (const c of checks) deps.counters.take(c.key, c.windowMs);
  addStage(exchange, 'throttling', 'ok', checks.map(describe).join('; '), started, detail);
}
