/**
 * Credentials never reach stored traces or logs in the clear (DESIGN.md, security stance):
 * AppCodes and IAM tokens are masked wherever a trace copies request headers. A signature in
 * `Authorization` is not a secret (it is bound to one request) and stays readable for debugging.
 */
import { maskSecret } from '../../src-shared/rules/app';

const SECRET_HEADERS = new Set(['x-apig-appcode', 'x-auth-token']);

export function maskSecretHeaders(headers: Record<string, string>): Record<string, string> {
  let masked: Record<string, string> | undefined;
  for (const name of Object.keys(headers)) {
    if (!SECRET_HEADERS.has(name.toLowerCase())) continue;
    masked ??= { ...headers };
    masked[name] = maskSecret(headers[name]);
  }
  return masked ?? headers;
}

/** The same for an APIG event copied into a trace (the function itself received the real values). */
export function maskEventSecrets<T>(event: T): T {
  const headers = (event as { headers?: Record<string, string> } | undefined)?.headers;
  if (!headers || typeof headers !== 'object') return event;
  const masked = maskSecretHeaders(headers);
  return masked === headers ? event : { ...event, headers: masked };
}
