/**
 * Custom authorizer result cache (runtime.md §1.6): keyed on the authorizer and its identity
 * source values, entries live for the authorizer's ttl. [U] Deny results are cached as well as
 * allow (the docs cache "authentication results"); function errors are never cached.
 */
import type { AuthorizerContext } from '../../src-shared/apig/authorizer-result';

export interface CachedDecision {
  decision: 'allow' | 'deny';
  context: AuthorizerContext;
  expiresAt: number;
}

export interface CacheEntryView {
  authorizerId: string;
  key: string;
  decision: 'allow' | 'deny';
  ttlLeftSec: number;
}

/** Bounded so a flood of distinct identities cannot grow memory without limit. */
const MAX_ENTRIES = 100_000;

export class AuthorizerCache {
  private readonly entries = new Map<string, CachedDecision & { authorizerId: string; key: string }>();

  constructor(private readonly now: () => number = Date.now) {}

  static keyOf(identityValues: string[]): string {
    return identityValues.map((v) => encodeURIComponent(v)).join('&');
  }

  get(authorizerId: string, key: string): CachedDecision | undefined {
    const full = `${authorizerId}\0${key}`;
    const entry = this.entries.get(full);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(full);
      return undefined;
    }
    return entry;
  }

  set(authorizerId: string, key: string, decision: 'allow' | 'deny', context: AuthorizerContext, ttlSec: number): void {
    if (this.entries.size >= MAX_ENTRIES) this.evictExpiredOrOldest();
    this.entries.set(`${authorizerId}\0${key}`, {
      authorizerId,
      key,
      decision,
      context,
      expiresAt: this.now() + ttlSec * 1000,
    });
  }

  ttlLeftSec(entry: CachedDecision): number {
    return Math.max(0, Math.round((entry.expiresAt - this.now()) / 1000));
  }

  /** Drops every entry, or only one authorizer's. Returns how many were dropped. */
  flush(authorizerId?: string): number {
    if (authorizerId === undefined) {
      const n = this.entries.size;
      this.entries.clear();
      return n;
    }
    let n = 0;
    for (const [k, e] of this.entries) {
      if (e.authorizerId === authorizerId) {
        this.entries.delete(k);
        n++;
      }
    }
    return n;
  }

  list(): CacheEntryView[] {
    const now = this.now();
    const out: CacheEntryView[] = [];
    for (const e of this.entries.values()) {
      if (e.expiresAt <= now) continue;
      out.push({ authorizerId: e.authorizerId, key: e.key, decision: e.decision, ttlLeftSec: this.ttlLeftSec(e) });
    }
    return out;
  }

  private evictExpiredOrOldest(): void {
    const now = this.now();
    for (const [k, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(k);
    // Map iteration order is insertion order: drop the oldest tenth if still full.
    if (this.entries.size >= MAX_ENTRIES) {
      let drop = Math.ceil(MAX_ENTRIES / 10);
      for (const k of this.entries.keys()) {
        if (drop-- <= 0) break;
        this.entries.delete(k);
      }
    }
  }
}
