/**
 * Backend parameter mapping (runtime.md §3.4): REQUEST, CONSTANT and SYSTEM parameters, with
 * name and location free to differ from the frontend's. Declared frontend parameters reach the
 * backend only through this mapping; undeclared headers and query strings pass through ([U],
 * docs/fidelity.md).
 */
import type { BackendParam, ParamLocation } from '../../../src-shared/model';
import type { BackendParamTrace } from '../../../src-shared/trace';
import { BACKEND_AUTHORIZER_PREFIX, FRONTEND_AUTHORIZER_PREFIX } from '../../../src-shared/apig/system-parameters';
import { Errors } from '../../../src-shared/apig/errors';
import { GatewayFailure, type Exchange } from '../exchange';
import type { ParamValues } from '../stages/10-request-params';
import { lookup } from '../../../src-shared/lookup';

export interface MappedParams {
  headers: Record<string, string>;
  query: [string, string][];
  path: Record<string, string>;
  trace: BackendParamTrace[];
}

export interface GatewayIdentity {
  serverAddr: string;
  serverName: string;
}

/** The value of a `$context.*` system parameter for this request, or undefined when it has none. */
export function systemParameterValue(name: string, exchange: Exchange, gateway: GatewayIdentity): string | undefined {
  if (name.startsWith(FRONTEND_AUTHORIZER_PREFIX)) {
    // Own keys only: a key the authorizer did not return is absent, even one named constructor.
    const v = lookup(exchange.frontendContext, name.slice(FRONTEND_AUTHORIZER_PREFIX.length));
    return v === undefined ? undefined : String(v);
  }
  if (name.startsWith(BACKEND_AUTHORIZER_PREFIX)) {
    const v = lookup(exchange.backendContext, name.slice(BACKEND_AUTHORIZER_PREFIX.length));
    return v === undefined ? undefined : String(v);
  }
  switch (name) {
    case '$context.sourceIp':
      return exchange.sourceIp;
    case '$context.stage':
      return exchange.env;
    case '$context.apiId':
      return exchange.api?.id;
    case '$context.apiName':
      return exchange.api?.name;
    case '$context.requestId':
      return exchange.requestId;
    case '$context.serverAddr':
      return gateway.serverAddr;
    case '$context.serverName':
      return gateway.serverName;
    case '$context.handleTime':
      // [U] format undocumented: milliseconds spent so far.
      return String(Math.round(performance.now() - exchange.startedAt));
    case '$context.appId':
      return exchange.app?.id; // set by APP authentication only
    case '$context.appName':
      return exchange.app?.name;
    case '$context.providerAppId':
      return undefined; // "not supported by APIG"
    default:
      return undefined;
  }
}

const UNSAFE_HEADER_VALUE = /[\r\n\0]/;

function sourceValue(param: BackendParam, exchange: Exchange, values: ParamValues, gateway: GatewayIdentity): string | undefined {
  switch (param.origin) {
    case 'REQUEST':
      return values.get(param.value);
    case 'CONSTANT':
      return param.value;
    case 'SYSTEM':
      return systemParameterValue(param.value, exchange, gateway);
  }
}

export function mapBackendParams(
  params: BackendParam[],
  exchange: Exchange,
  values: ParamValues,
  gateway: GatewayIdentity,
): MappedParams {
  const mapped: MappedParams = { headers: {}, query: [], path: {}, trace: [] };
  for (const param of params) {
    const value = sourceValue(param, exchange, values, gateway);
    mapped.trace.push({ name: param.name, location: param.location, origin: param.origin, source: param.value, value });
    if (value === undefined) continue;
    place(mapped, param.location, param.name, value);
  }
  return mapped;
}

function place(mapped: MappedParams, location: ParamLocation, name: string, value: string): void {
  if (location === 'HEADER') {
    // A context value with CR/LF would split the header: refuse the request, never crash.
    if (UNSAFE_HEADER_VALUE.test(value))
      throw new GatewayFailure(Errors.internal(`value for backend header ${name} contains CR, LF or NUL`));
    mapped.headers[name.toLowerCase()] = value;
  } else if (location === 'QUERY') mapped.query.push([name, value]);
  else mapped.path[name] = value;
}
