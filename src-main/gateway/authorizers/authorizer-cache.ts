/**
 * Custom authorizer result cache (runtime.md §1.6): keyed on the authorizer and its identity
 * source values, entries live for the authorizer's ttl. [U] Deny results are cached as well as
 * allow (the docs cache "authentication results"); function errors are never cached.
 * Time comes from the workbench clock, so the cache inspector can move it forward. The cache also
 * remembers why an entry went away (flushed by an edit or by the user, or expired), so the trace of
 * the next miss for that identity can say so.
 */
import type { AuthorizerContext } from '../../../src-shared/apig/authorizer-result';

export interface CachedDecision {
  decision: 'allow' | 'deny';
  context: AuthorizerContext;
  storedAt: number;
  expiresAt: number;
}

export interface CacheEntryView {
  authorizerId: string;
  key: string;
  decision: 'allow' | 'deny';
  context: AuthorizerContext;
  /** Seconds since the result was stored (workbench clock). */
  ageSec: number;
  ttlSec: number;
  ttlLeftSec: number;
}

/** Why the last flush dropped entries: an edit of the authorizer, or the user's flush. */
export type FlushCause = 'edit' | 'user';

/** Bounded so a flood of distinct identities cannot grow memory without limit. */
const MAX_ENTRIES = 100_000;

type Entry = CachedDecision & { authorizerId: string; key: string };

export class AuthorizerCache {
  private readonly entries = new Map<string, Entry>();
  /** Why an identity's entry is gone, until a new result is stored for it. */
  private readonly gone = new Map<string, string>();

  constructor(private readonly now: () => number = Date.now) {}

  static keyOf(identityValues: string[]): string {
    // Most authorizers have one identity source.
    if (identityValues.length === 1) return encodeURIComponent(identityValues[0]);
    return identityValues.map((v) => encodeURIComponent(v)).join('&');
  }

  get(authorizerId: string, key: string): CachedDecision | undefined {
    const full = `${authorizerId}\0${key}`;
    const entry = this.entries.get(full);
    if (!entry) return undefined;
    const now = this.now();
    this.sinceStored(entry, now);
    if (entry.expiresAt <= now) {
      this.entries.delete(full);
      this.remember(full, `the cached ${entry.decision} expired at ${iso(entry.expiresAt)} (workbench clock)`);
      return undefined;
    }
    return entry;
  }

  /** Why a miss for this identity found nothing, when the cache knows (flushed or expired). */
  missNote(authorizerId: string, key: string): string | undefined {
    const full = `${authorizerId}\0${key}`;
    const entry = this.entries.get(full);
    // An entry that expired without being read since: say so too.
    if (entry && entry.expiresAt <= this.now()) this.get(authorizerId, key);
    return this.gone.get(full);
  }

  set(authorizerId: string, key: string, decision: 'allow' | 'deny', context: AuthorizerContext, ttlSec: number): void {
    if (this.entries.size >= MAX_ENTRIES) this.evictExpiredOrOldest();
    const full = `${authorizerId}\0${key}`;
    const now = this.now();
    this.gone.delete(full);
    this.entries.set(full, { authorizerId, key, decision, context, storedAt: now, expiresAt: now + ttlSec * 1000 });
  }

  /**
   * Age in ms. An entry stored while the workbench clock ran ahead, read after the clock went back
   * to real time, counts as stored now: its ttl runs from here, never longer than the ttl.
   */
  private sinceStored(entry: CachedDecision, now = this.now()): number {
    if (entry.storedAt > now) {
      entry.expiresAt -= entry.storedAt - now;
      entry.storedAt = now;
    }
    return now - entry.storedAt;
  }

  ttlLeftSec(entry: CachedDecision): number {
    return Math.max(0, Math.round((entry.expiresAt - this.now()) / 1000));
  }

  /**
   * Drops every entry, one authorizer's, or one identity's (`key`). Returns how many were dropped.
   * `cause` is what the next miss's trace will give as the reason.
   */
  flush(authorizerId?: string, options: { key?: string; cause?: FlushCause } = {}): number {
    const cause = options.cause ?? 'user';
    const words = cause === 'edit' ? 'the authorizer was edited' : 'flushed from the cache inspector';
    let n = 0;
    for (const [full, e] of this.entries) {
      if (authorizerId !== undefined && e.authorizerId !== authorizerId) continue;
      if (options.key !== undefined && e.key !== options.key) continue;
      this.entries.delete(full);
      this.remember(full, `the cached ${e.decision} was flushed at ${iso(this.now())}: ${words}`);
      n++;
    }
    return n;
  }

  list(): CacheEntryView[] {
    const now = this.now();
    const out: CacheEntryView[] = [];
    for (const e of this.entries.values()) {
      this.sinceStored(e, now);
      if (e.expiresAt <= now) continue;
      out.push({
        authorizerId: e.authorizerId,
        key: e.key,
        decision: e.decision,
        context: e.context,
        ageSec: Math.max(0, Math.round((now - e.storedAt) / 1000)),
        ttlSec: Math.round((e.expiresAt - e.storedAt) / 1000),
        ttlLeftSec: this.ttlLeftSec(e),
      });
    }
    return out;
  }

  private remember(full: string, why: string): void {
    // Notes are kept only for identities that were cached, so they are bounded like the entries.
    if (this.gone.size >= MAX_ENTRIES) this.gone.delete(this.gone.keys().next().value!);
    this.gone.set(full, why);
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

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
