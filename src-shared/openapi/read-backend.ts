/** x-apigateway-backend: HTTP, HTTP-VPC (kept as configuration), FUNCTION and MOCK. */
import {
  API_METHODS,
  functionNameFromUrn,
  type ApiMethod,
  type Backend,
  type BackendParam,
  type BackendParamOrigin,
  type ParamLocation,
} from '../model';
import { joinPointer, type DiagnosticSink } from './diagnostics';
import type { FunctionRef } from './plan';
import { FieldReader, isRecord, type Json } from './values';
import { lookup } from '../lookup';

export const ENDPOINT_KEY = {
  HTTP: 'httpEndpoints',
  'HTTP-VPC': 'httpVpcEndpoints',
  FUNCTION: 'functionEndpoints',
  MOCK: 'mockEndpoints',
} as const;
export type FileBackendType = keyof typeof ENDPOINT_KEY;

const DEFAULT_TIMEOUT_MS = 5000;

export interface ReadBackendResult {
  backend: Backend;
  /** Fields of x-apigateway-backend besides type/parameters/endpoint. */
  backendExtra?: Json;
  /** Endpoint fields the model has no place for. */
  endpointExtra?: Json;
}

export function readBackend(
  raw: Json,
  pointer: string,
  sink: DiagnosticSink,
  functionRefs: FunctionRef[],
  usedBy: FunctionRef['usedBy'] = 'backend',
): ReadBackendResult | undefined {
  const f = new FieldReader(raw, pointer, sink);
  const type = f.string('type');
  if (type === undefined) {
    sink.error(f.at('type'), 'backend type is required (HTTP, HTTP-VPC, FUNCTION or MOCK)');
    return undefined;
  }
  const endpointKey = lookup(ENDPOINT_KEY as Record<string, string>, type);
  if (endpointKey === undefined) {
    sink.error(
      f.at('type'),
      type === 'HTTP-VPC-MEMBER-GROUP'
        ? 'backend type HTTP-VPC-MEMBER-GROUP (a restricted APIG feature) is not supported by the workbench'
        : `backend type '${type}' is not one of HTTP, HTTP-VPC, FUNCTION, MOCK`,
    );
    return undefined;
  }
  const endpoint = f.record(endpointKey);
  if (!endpoint) {
    if (!f.has(endpointKey)) sink.error(f.at(endpointKey), `a ${type} backend needs ${endpointKey}`);
    return undefined;
  }
  const e = new FieldReader(endpoint, f.at(endpointKey), sink);
  const params = readBackendParams(f, sink);
  const backendExtra = f.rest(new Set(['type', 'parameters', endpointKey]));
  switch (type as FileBackendType) {
    case 'HTTP':
    case 'HTTP-VPC':
      return { ...readHttp(e, type === 'HTTP-VPC', params), backendExtra };
    case 'FUNCTION':
      return { ...readFunction(e, params, functionRefs, usedBy), backendExtra };
    case 'MOCK':
      return { ...readMock(e, params), backendExtra };
  }
}

function readHttp(e: FieldReader, vpc: boolean, params: BackendParam[]): Omit<ReadBackendResult, 'backendExtra'> {
  const scheme = e.string('scheme');
  const protocol = scheme === undefined ? 'HTTPS' : scheme.toUpperCase();
  if (protocol !== 'HTTP' && protocol !== 'HTTPS') e.sink.error(e.at('scheme'), `scheme '${scheme}' is not http or https`);
  if (scheme === undefined) e.sink.error(e.at('scheme'), 'backend scheme is required (http or https)');
  const method = readMethod(e);
  const path = e.string('path');
  if (path === undefined) e.sink.error(e.at('path'), 'backend path is required');
  const known = new Set(['scheme', 'method', 'path', 'timeout', 'retryCount', 'enableClientSsl']);
  let address = '';
  let vpcChannel: { name: string; proxyHost?: string } | undefined;
  if (vpc) {
    known.add('name').add('host');
    const name = e.string('name');
    if (!name) e.sink.error(e.at('name'), 'an HTTP-VPC backend needs the VPC channel name');
    vpcChannel = { name: name ?? '' };
    const host = e.string('host');
    if (host !== undefined) vpcChannel.proxyHost = host;
  } else {
    known.add('address');
    address = e.string('address') ?? '';
    if (!address) e.sink.error(e.at('address'), 'an HTTP backend needs an address');
  }
  const enableClientSsl = e.boolean('enableClientSsl');
  const backend: Backend = {
    type: 'HTTP',
    protocol: protocol === 'HTTP' ? 'HTTP' : 'HTTPS',
    method: method ?? 'GET',
    address,
    path: path ?? '/',
    timeoutMs: e.number('timeout') ?? DEFAULT_TIMEOUT_MS,
    retryCount: e.number('retryCount') ?? -1,
    params,
  };
  if (vpcChannel) backend.vpcChannel = vpcChannel;
  // Exports always write enableClientSsl: false; only true carries information.
  if (enableClientSsl) backend.enableClientSsl = true;
  return { backend, endpointExtra: endpointRest(e, known) };
}

function readFunction(
  e: FieldReader,
  params: BackendParam[],
  functionRefs: FunctionRef[],
  usedBy: FunctionRef['usedBy'],
): Omit<ReadBackendResult, 'backendExtra'> {
  const urn = e.string('function-urn');
  if (!urn) e.sink.error(e.at('function-urn'), 'a FUNCTION backend needs function-urn');
  else functionRefs.push({ name: functionNameFromUrn(urn), urn, pointer: e.at('function-urn'), usedBy });
  let invocation = e.string('invocation-type') ?? 'sync';
  // The reference's own example writes "synchronous"; exports write sync/async.
  if (invocation === 'synchronous' || invocation === 'asynchronous') {
    const mapped = invocation === 'synchronous' ? 'sync' : 'async';
    e.sink.warning(e.at('invocation-type'), `invocation-type '${invocation}' read as '${mapped}'`);
    invocation = mapped;
  }
  if (invocation !== 'sync' && invocation !== 'async') {
    e.sink.error(e.at('invocation-type'), `invocation-type '${invocation}' is not sync or async`);
  }
  const networkType = e.oneOf('network-type', ['V1', 'V2'] as const);
  const backend: Backend = {
    type: 'FUNCTION',
    functionUrn: urn ?? '',
    invocationType: invocation === 'async' ? 'async' : 'sync',
    networkType: networkType ?? 'V1',
    timeoutMs: e.number('timeout') ?? DEFAULT_TIMEOUT_MS,
    params,
  };
  const version = e.string('version');
  if (version) backend.version = version;
  const alias = e.string('alias-urn');
  if (alias) backend.aliasUrn = alias;
  const known = new Set(['function-urn', 'invocation-type', 'network-type', 'timeout', 'version', 'alias-urn']);
  return { backend, endpointExtra: endpointRest(e, known) };
}

function readMock(e: FieldReader, params: BackendParam[]): Omit<ReadBackendResult, 'backendExtra'> {
  const body = e.string('result-content');
  if (body === undefined) e.sink.error(e.at('result-content'), 'a MOCK backend needs result-content');
  const backend: Backend = { type: 'MOCK', statusCode: 200, body: body ?? '', headers: [], params };
  return { backend, endpointExtra: endpointRest(e, new Set(['result-content'])) };
}

function readMethod(e: FieldReader): ApiMethod | undefined {
  const method = e.string('method');
  if (method === undefined) {
    e.sink.error(e.at('method'), 'backend method is required');
    return undefined;
  }
  const upper = method.toUpperCase() as ApiMethod;
  if (!API_METHODS.includes(upper)) {
    e.sink.error(e.at('method'), `backend method '${method}' is not one of ${API_METHODS.join(', ')}`);
    return undefined;
  }
  return upper;
}

const PARAM_LOCATIONS: Record<string, ParamLocation> = { path: 'PATH', query: 'QUERY', header: 'HEADER' };
const ORIGINS: readonly BackendParamOrigin[] = ['REQUEST', 'CONSTANT', 'SYSTEM'];

function readBackendParams(f: FieldReader, sink: DiagnosticSink): BackendParam[] {
  const list = f.array('parameters') ?? [];
  const out: BackendParam[] = [];
  list.forEach((raw, index) => {
    const pointer = joinPointer(f.at('parameters'), index);
    if (!isRecord(raw)) {
      sink.error(pointer, 'a backend parameter must be an object');
      return;
    }
    const p = new FieldReader(raw, pointer, sink);
    const name = p.string('name');
    const where = p.string('in');
    const origin = p.oneOf('origin', ORIGINS);
    const value = p.string('value');
    if (!name) sink.error(p.at('name'), 'backend parameter name is required');
    const location = where === undefined ? undefined : PARAM_LOCATIONS[where.toLowerCase()];
    if (!location) sink.error(p.at('in'), `backend parameter 'in' must be path, query or header, not '${where ?? ''}'`);
    if (origin === undefined && !p.has('origin')) sink.error(p.at('origin'), 'backend parameter origin is required');
    if (value === undefined) sink.error(p.at('value'), 'backend parameter value is required');
    if (!name || !location || !origin || value === undefined) return;
    const param: BackendParam = { name, location, origin, value };
    const description = p.string('description');
    if (description) param.description = description;
    out.push(param);
  });
  return out;
}

/** Unmodelled endpoint fields; an empty description is what exports write by default, so it is not kept. */
function endpointRest(e: FieldReader, known: Set<string>): Json | undefined {
  const rest = e.rest(known);
  if (rest && rest.description === '') delete rest.description;
  return rest && Object.keys(rest).length ? rest : undefined;
}
