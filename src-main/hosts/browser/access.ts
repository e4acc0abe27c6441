/**
 * Who may drive the browser host. Everything listens on 127.0.0.1, but any web page the user opens can
 * still send requests there, so three checks stand between a page and the workspace:
 *  - Host must name this server (127.0.0.1:PORT or localhost:PORT): defeats DNS rebinding, where
 *    evil.example resolves to 127.0.0.1 and the browser treats the server as same-origin with it.
 *  - Origin, when the browser sends one, must be this server: refuses cross-site fetches and form posts.
 *  - The per-launch token (printed in the URL only to the user) must accompany every API call.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export function newLaunchToken(): string {
  return randomBytes(32).toString('base64url');
}

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  return allowedHosts(port).includes(hostHeader.trim().toLowerCase());
}

/** Absent Origin is fine (same-origin GETs, curl); a present one must be exactly this server. */
export function isAllowedOrigin(originHeader: string | undefined, port: number): boolean {
  if (originHeader === undefined) return true;
  // 'null' is what sandboxed frames and file:// pages send: never ours.
  return allowedHosts(port).some((h) => originHeader.trim().toLowerCase() === `http://${h}`);
}

export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  // Constant-time compare: the token must not leak one character at a time through response timing.
  return a.length === b.length && timingSafeEqual(a, b);
}

export type AccessDecision = { ok: true } | { ok: false; status: 401 | 403; reason: string };

export function checkAccess(
  req: { host?: string; origin?: string; secFetchSite?: string; token?: string },
  policy: { port: number; token: string; requireToken: boolean },
): AccessDecision {
  if (!isAllowedHost(req.host, policy.port)) {
    return { ok: false, status: 403, reason: `Host '${req.host ?? ''}' is not this workbench (expected ${allowedHosts(policy.port).join(' or ')})` };
  }
  if (!isAllowedOrigin(req.origin, policy.port)) {
    return { ok: false, status: 403, reason: `Origin '${req.origin}' may not use this workbench` };
  }
  // Browsers that send Fetch Metadata tell us outright when another site started the request.
  if (req.secFetchSite === 'cross-site') return { ok: false, status: 403, reason: 'cross-site requests are refused' };
  if (policy.requireToken && !tokenMatches(req.token, policy.token)) {
    return { ok: false, status: 401, reason: 'missing or wrong workbench token (open the URL the workbench printed)' };
  }
  return { ok: true };
}

/**
 * The page's Content Security Policy (also applied by the Electron shell). Monaco needs inline styles
 * and its web workers; nothing else is loosened, and the page may only talk back to its own origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
