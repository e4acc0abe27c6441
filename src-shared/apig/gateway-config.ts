/**
 * APIG gateway (instance) configuration parameters that change how requests are handled: one table
 * for the store, the local gateway, the CLI (`serve --gateway-config name=value`) and the Gateway
 * settings screen. Defaults and ranges: "Supported Features" of the V2 API reference
 * (support.huaweicloud.com/intl/en-us/api-apig/apig-api-20200402.html) and "Configuring Gateway
 * Parameters" (usermanual-apig/apig_03_0039.html); runtime.md §3.6, §3.7, §4.2.
 */
import type { RuleIssue } from '../rules/issues';

interface IntegerParam {
  kind: 'integer';
  default: number;
  min: number;
  max: number;
  unit: string;
  /** What it changes locally, or why it is kept without effect. */
  effect: string;
  emulated: boolean;
}

interface SwitchParam {
  kind: 'switch';
  default: boolean;
  effect: string;
  emulated: boolean;
}

export const GATEWAY_PARAMS = {
  ratelimit_api_limits: {
    kind: 'integer',
    default: 200,
    min: 1,
    max: 1_000_000,
    unit: 'calls/s',
    effect: 'Throttle applied to every API without a request throttling policy (per API, all environments).',
    emulated: true,
  },
  request_body_size: {
    kind: 'integer',
    default: 12,
    min: 1,
    max: 9536,
    unit: 'MB',
    effect: 'Largest request body; a larger one is refused with 413.',
    emulated: true,
  },
  backend_timeout: {
    kind: 'integer',
    default: 60_000,
    min: 1,
    max: 600_000,
    unit: 'ms',
    effect: "Upper bound of every backend's timeout: an API asking for longer waits only this long.",
    emulated: true,
  },
  authorizer_context_support_num_bool: {
    kind: 'switch',
    default: false,
    effect: 'Custom authorizers may return numbers and booleans in their context (strings only when off).',
    emulated: true,
  },
  real_ip_from_xff: {
    kind: 'switch',
    default: false,
    effect: 'The client IP for access control, throttling and $context.sourceIp is taken from X-Forwarded-For (see xff_index).',
    emulated: true,
  },
  xff_index: {
    kind: 'integer',
    default: -1,
    min: -64,
    max: 64,
    unit: 'position',
    effect: 'With real_ip_from_xff: which X-Forwarded-For address to use; 0 and up count from the left, −1 and down from the right.',
    emulated: true,
  },
  app_api_key: {
    kind: 'switch',
    default: false,
    effect: 'APP APIs accept an app key alone in an "apikey" header or query parameter.',
    emulated: true,
  },
  app_basic: {
    kind: 'switch',
    default: false,
    effect: 'APP APIs accept Authorization: Basic base64(AppKey:AppSecret).',
    emulated: true,
  },
  app_secret: {
    kind: 'switch',
    default: false,
    effect: 'APP APIs accept the headers X-HW-ID (AppKey) and X-HW-AppKey (AppSecret).',
    emulated: true,
  },
  app_route: {
    kind: 'switch',
    default: false,
    effect: 'On APIG: APP APIs of groups other than DEFAULT can be called by IP address. Kept, not emulated: the local gateway picks groups by Host and its default-group flag.',
    emulated: false,
  },
} as const satisfies Record<string, IntegerParam | SwitchParam>;

export type GatewayParamName = keyof typeof GATEWAY_PARAMS;

/** Every parameter with its value: numbers for integer parameters, booleans for switches. */
export type GatewayConfig = {
  -readonly [K in GatewayParamName]: (typeof GATEWAY_PARAMS)[K]['kind'] extends 'switch' ? boolean : number;
};

export const GATEWAY_PARAM_NAMES = Object.keys(GATEWAY_PARAMS) as GatewayParamName[];

export const DEFAULT_GATEWAY_CONFIG: GatewayConfig = Object.fromEntries(
  GATEWAY_PARAM_NAMES.map((name) => [name, GATEWAY_PARAMS[name].default]),
) as GatewayConfig;

function isParamName(name: string): name is GatewayParamName {
  return Object.prototype.hasOwnProperty.call(GATEWAY_PARAMS, name);
}

/** Problems with a (partial) configuration: unknown names, wrong types, values out of range. */
export function checkGatewayConfig(config: Record<string, unknown>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  for (const [name, value] of Object.entries(config)) {
    if (!isParamName(name)) {
      issues.push({ field: name, rule: 'unknown', message: `is not a gateway parameter (known: ${GATEWAY_PARAM_NAMES.join(', ')})` });
      continue;
    }
    const spec: IntegerParam | SwitchParam = GATEWAY_PARAMS[name];
    if (spec.kind === 'switch') {
      if (typeof value !== 'boolean') issues.push({ field: name, rule: 'type', message: 'must be on or off (true or false)' });
    } else if (typeof value !== 'number' || !Number.isInteger(value)) {
      issues.push({ field: name, rule: 'type', message: `must be a whole number of ${spec.unit}` });
    } else if (value < spec.min || value > spec.max) {
      issues.push({ field: name, rule: 'range', message: `must be ${spec.min}–${spec.max} ${spec.unit}, got ${value}` });
    }
  }
  return issues;
}

/** `name=value` as typed on the command line (on/off/true/false for switches). */
export function parseGatewayParam(text: string): { ok: true; name: GatewayParamName; value: number | boolean } | { ok: false; message: string } {
  const eq = text.indexOf('=');
  if (eq <= 0) return { ok: false, message: `"${text}" is not name=value` };
  const name = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1).trim().toLowerCase();
  if (!isParamName(name)) return { ok: false, message: `${name} is not a gateway parameter (known: ${GATEWAY_PARAM_NAMES.join(', ')})` };
  const spec: IntegerParam | SwitchParam = GATEWAY_PARAMS[name];
  let value: number | boolean;
  if (spec.kind === 'switch') {
    if (raw === 'on' || raw === 'true') value = true;
    else if (raw === 'off' || raw === 'false') value = false;
    else return { ok: false, message: `${name} is on or off, got "${raw}"` };
  } else {
    value = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
  }
  const [issue] = checkGatewayConfig({ [name]: value });
  return issue ? { ok: false, message: `${name} ${issue.message}` } : { ok: true, name, value };
}

/** The stored overrides over the defaults; anything invalid in them is ignored (the store validates on write). */
export function withDefaults(overrides: Record<string, unknown> | undefined): GatewayConfig {
  const config = { ...DEFAULT_GATEWAY_CONFIG };
  for (const [name, value] of Object.entries(overrides ?? {})) {
    if (isParamName(name) && checkGatewayConfig({ [name]: value }).length === 0) (config as Record<string, unknown>)[name] = value;
  }
  return config;
}
