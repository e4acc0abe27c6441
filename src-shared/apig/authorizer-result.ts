/**
 * The custom authorizer result contract (runtime.md §1.4–1.5):
 *   { "statusCode": 200, "body": "{\"status\": \"allow\", \"context\": {\"user\": \"abc\"}}" }
 * `body` is a JSON *string*; status is allow|deny; context values are flat strings (numbers and
 * booleans only with the gateway feature authorizer_context_support_num_bool); keys match
 * ^[A-Za-z][A-Za-z0-9_-]{0,31}$. Every broken rule is reported, not just the first, so a
 * developer can fix them all at once.
 */

export const CONTEXT_KEY = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

export type AuthorizerContext = Record<string, string | number | boolean>;

export interface AuthorizerVerdict {
  decision: 'allow' | 'deny' | 'error';
  statusCode?: number;
  context: AuthorizerContext;
  /** Every rule of the contract the result breaks. Empty for allow and deny. */
  violations: string[];
  /** One sentence saying why the decision was taken. */
  reason: string;
  /** The function answered with a 5xx statusCode: relaxed mode tolerates this. */
  serverError: boolean;
  /** The result arrived as a JSON string of the object (accepted, like json.dumps in APIG's examples). */
  wasJsonString: boolean;
}

export interface ResultCheckOptions {
  allowNumberAndBooleanContext: boolean;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkContext(context: unknown, options: ResultCheckOptions, violations: string[]): AuthorizerContext {
  const out: AuthorizerContext = {};
  if (context === undefined || context === null) return out;
  if (!isPlainObject(context)) {
    violations.push(`body.context must be an object of flat values, got ${describe(context)}`);
    return out;
  }
  for (const [key, value] of Object.entries(context)) {
    if (!CONTEXT_KEY.test(key)) {
      violations.push(
        `body.context key "${key}" is invalid: keys start with a letter and hold 1–32 letters, digits, _ or -`,
      );
      continue;
    }
    if (typeof value === 'string') out[key] = value;
    else if ((typeof value === 'number' || typeof value === 'boolean') && options.allowNumberAndBooleanContext) out[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean')
      violations.push(
        `body.context.${key} is ${typeof value}; values must be strings unless the gateway feature authorizer_context_support_num_bool is on`,
      );
    else violations.push(`body.context.${key} is ${describe(value)}; objects and arrays are not allowed`);
  }
  return out;
}

export function checkAuthorizerResult(raw: unknown, options: ResultCheckOptions): AuthorizerVerdict {
  const violations: string[] = [];
  let result = raw;
  let wasJsonString = false;
  if (typeof raw === 'string') {
    const parsed = tryParseJson(raw);
    if (!parsed.ok) {
      violations.push(`the function returned a string that is not JSON (${parsed.error})`);
      return errorVerdict(violations, undefined, false, false);
    }
    result = parsed.value;
    wasJsonString = true;
  }
  if (!isPlainObject(result)) {
    violations.push(`the result must be an object {statusCode, body}, got ${describe(result)}`);
    return errorVerdict(violations, undefined, false, wasJsonString);
  }

  const statusCode = result.statusCode;
  let serverError = false;
  if (statusCode === undefined) violations.push('statusCode is missing (it is mandatory)');
  else if (typeof statusCode !== 'number' || !Number.isInteger(statusCode))
    violations.push(`statusCode must be an integer, got ${describe(statusCode)}`);
  else if (statusCode !== 200) {
    violations.push(`statusCode ${statusCode} is not 200`);
    serverError = statusCode >= 500 && statusCode <= 599;
  }

  let status: unknown;
  let context: AuthorizerContext = {};
  const body = result.body;
  if (body === undefined) violations.push('body is missing');
  else if (typeof body !== 'string')
    violations.push(`body must be a JSON string (e.g. JSON.stringify({status, context})), got ${describe(body)}`);
  else {
    const parsedBody = tryParseJson(body);
    if (!parsedBody.ok) violations.push(`body is not valid JSON (${parsedBody.error})`);
    else if (!isPlainObject(parsedBody.value)) violations.push(`body must hold a JSON object, got ${describe(parsedBody.value)}`);
    else {
      status = parsedBody.value.status;
      if (status === undefined) violations.push('body.status is missing (it must be "allow" or "deny")');
      else if (status !== 'allow' && status !== 'deny')
        violations.push(`body.status must be "allow" or "deny", got ${JSON.stringify(status)}`);
      context = checkContext(parsedBody.value.context, options, violations);
    }
  }

  const code = typeof statusCode === 'number' ? statusCode : undefined;
  if (violations.length > 0) return errorVerdict(violations, code, serverError, wasJsonString);
  if (status === 'deny') {
    return {
      decision: 'deny',
      statusCode: code,
      context,
      violations,
      reason: 'the function answered status "deny" → AUTHORIZER_FAILURE',
      serverError,
      wasJsonString,
    };
  }
  return { decision: 'allow', statusCode: code, context, violations, reason: 'the function answered status "allow"', serverError, wasJsonString };
}

function errorVerdict(violations: string[], statusCode: number | undefined, serverError: boolean, wasJsonString: boolean): AuthorizerVerdict {
  return {
    decision: 'error',
    statusCode,
    context: {},
    violations,
    reason: `${violations[0]} → AUTHORIZER_CONF_FAILURE`,
    serverError,
    wasJsonString,
  };
}
