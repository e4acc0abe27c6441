/**
 * Pipeline stage: the API's declared request parameters (runtime.md §3.3): read each from its
 * location, apply defaults, and check required/type/enum/bounds when validation is on.
 */
import type { RequestParam } from '../../../src-shared/model';
import { Errors } from '../../../src-shared/apig/errors';
import { addStage, GatewayFailure, headerValue, type Exchange } from '../exchange';

/**
 * Resolved values of declared parameters, keyed by declared name (absent ones are missing): read by
 * the later stages, never changed.
 */
export type ParamValues = ReadonlyMap<string, string>;

/** One shared value for the many APIs that declare no parameters. */
const NO_PARAMS: ParamValues = new Map();

function readParam(exchange: Exchange, param: RequestParam): string | undefined {
  switch (param.location) {
    case 'PATH':
      return exchange.pathParams[param.name];
    case 'QUERY':
      return exchange.query.get(param.name)?.[0];
    case 'HEADER':
      return headerValue(exchange.headers, param.name);
  }
}

function checkValue(param: RequestParam, value: string): string | undefined {
  if (param.type === 'NUMBER') {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) return `${param.name} must be a number`;
    if (param.minNum !== undefined && n < param.minNum) return `${param.name} must be ≥ ${param.minNum}`;
    if (param.maxNum !== undefined && n > param.maxNum) return `${param.name} must be ≤ ${param.maxNum}`;
  } else {
    if (param.minSize !== undefined && value.length < param.minSize) return `${param.name} must be at least ${param.minSize} characters`;
    if (param.maxSize !== undefined && param.maxSize > 0 && value.length > param.maxSize)
      return `${param.name} must be at most ${param.maxSize} characters`;
  }
  if (param.enumerations) {
    const allowed = param.enumerations.split(',').map((s) => s.trim());
    if (!allowed.includes(value)) return `${param.name} must be one of ${allowed.join(', ')}`;
  }
  return undefined;
}

const declaredPresent = (present: number, declared: number) => `${present} of ${declared} declared parameters present`;

export function requestParamsStage(exchange: Exchange): ParamValues {
  const started = performance.now();
  const params = exchange.api!.requestParams;
  if (params.length === 0) {
    addStage(exchange, 'parameters', 'skip', 'no declared parameters', started);
    return NO_PARAMS;
  }
  const values = new Map<string, string>();
  for (const param of params) {
    let value = readParam(exchange, param);
    if ((value === undefined || value === '') && param.defaultValue !== undefined && param.defaultValue !== '') value = param.defaultValue;
    if (value === undefined) {
      if (param.required) {
        const problem = `required ${param.location.toLowerCase()} parameter ${param.name} is missing`;
        addStage(exchange, 'parameters', 'fail', `${problem} → REQUEST_PARAMETERS_FAILURE`, started);
        throw new GatewayFailure(Errors.requestParameters(problem));
      }
      continue;
    }
    // [U] Checks apply only with valid_enable on (it is off by default in APIG).
    const problem = param.validEnable ? checkValue(param, value) : undefined;
    if (problem) {
      addStage(exchange, 'parameters', 'fail', `${problem} → REQUEST_PARAMETERS_FAILURE`, started);
      throw new GatewayFailure(Errors.requestParameters(problem));
    }
    values.set(param.name, value);
  }
  addStage(exchange, 'parameters', 'ok', declaredPresent, started, undefined, values.size, params.length);
  return values;
}
