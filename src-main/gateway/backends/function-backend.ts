/**
 * FUNCTION backends: the APIG event goes in, `{statusCode, headers, body, isBase64Encoded}` must
 * come out (runtime.md §6.3). A bare string is a 500, as on FunctionGraph; a JSON string of the
 * wrapper is read as the wrapper (that is what the FunctionGraph runtime hands the gateway).
 */
import { Errors, type GatewayError } from '../../../src-shared/apig/errors';
import { scalarText } from '../../../src-shared/scalar-text';
import type { BackendResponse } from './backend-response';

export type FunctionResultCheck = { ok: true; response: BackendResponse } | { ok: false; error: GatewayError; problem: string };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function functionResultToResponse(raw: unknown): FunctionResultCheck {
  let result = raw;
  if (typeof raw === 'string') {
    try {
      result = JSON.parse(raw);
    } catch {
      return bad('the function returned a plain string, not {statusCode, headers, body, isBase64Encoded}');
    }
  }
  if (!isObject(result)) return bad('the function result must be an object {statusCode, headers, body, isBase64Encoded}');
  const { statusCode, headers, body, isBase64Encoded } = result;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599)
    return bad(`statusCode must be an integer HTTP status, got ${JSON.stringify(statusCode)}`);
  if (body !== undefined && typeof body !== 'string') return bad('body must be a string');
  if (headers !== undefined && !isObject(headers)) return bad('headers must be an object');
  if (isBase64Encoded !== undefined && typeof isBase64Encoded !== 'boolean') return bad('isBase64Encoded must be a boolean');

  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    // [U] A null value (Python's None) sends no header; an object or list of objects is a 500.
    if (value === null) continue;
    const texts: string[] = [];
    for (const item of Array.isArray(value) ? value : [value]) {
      const text = scalarText(item);
      if (text === undefined) return bad(`header ${name} must be a string, number or boolean (or a list of them)`);
      if (/[\r\n\0]/.test(text)) return bad(`header ${name} contains CR, LF or NUL`);
      texts.push(text);
    }
    out[name.toLowerCase()] = texts.length === 1 ? texts[0] : texts;
  }
  const text = body ?? '';
  // [U] An isBase64Encoded body that is not valid Base64 is a 500 here.
  if (isBase64Encoded === true && !/^[A-Za-z0-9+/]*={0,2}$/.test(text.replace(/\s/g, '')))
    return bad('isBase64Encoded is true but body is not valid Base64');
  const buffer = isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  return { ok: true, response: { status: statusCode, headers: out, body: buffer, upstream: true } };
}

function bad(problem: string): FunctionResultCheck {
  return { ok: false, error: Errors.internal(problem), problem };
}
