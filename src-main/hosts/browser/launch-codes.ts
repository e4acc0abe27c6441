/**
 * One-time launch codes: what the URL given to `xdg-open` / `open` / `start` carries instead of the
 * token, because a command line is readable by every local user (/proc/<pid>/cmdline). A code is
 * good for one exchange (GET /launch) and only for a short while, so one read from a process list
 * is worth nothing once the browser has used it.
 */
import { randomBytes } from 'node:crypto';

const CODE_LIFETIME_MS = 120_000;

export class LaunchCodes {
  private readonly codes = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(): string {
    this.dropExpired();
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, this.now() + CODE_LIFETIME_MS);
    return code;
  }

  /** True once per code, while it is fresh; the code is spent either way. */
  redeem(code: string): boolean {
    const expires = this.codes.get(code);
    this.codes.delete(code);
    return expires !== undefined && expires > this.now();
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [code, expires] of this.codes) if (expires <= now) this.codes.delete(code);
  }
}
