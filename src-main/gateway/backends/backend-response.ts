import type { Readable } from 'node:stream';

/** What a backend answered, before the gateway adds its own headers. */
export interface BackendResponse {
  status: number;
  headers: Record<string, string | string[]>;
  /** The whole body, or its first part when `rest` follows. */
  body: Buffer;
  /**
   * The rest of a large body, still arriving from the backend: streamed to the client after
   * `body` rather than held in memory (APIG sets no response size limit, runtime.md §8).
   */
  rest?: Readable;
  /** The backend's Content-Length, when it sent one and the body is streamed. */
  streamedLength?: number;
  /** Mock backends have no upstream (no X-Apig-Upstream-Latency). */
  upstream: boolean;
}

/**
 * Request headers that never cross the gateway: the hop-by-hop headers (RFC 9110 §7.6.1), and
 * Expect, which the gateway itself answers (100 Continue, or the final status): forwarding it
 * would ask a backend for a second 100 Continue it was never meant to give, and undici refuses it.
 */
export const HOP_BY_HOP = new Set([
  'connection',
  'expect',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * Whether a client request header stays at the gateway: the hop-by-hop set, any `Proxy-*` header
 * (meant for the proxy the client talks to), and every name the client listed in its own
 * `Connection` header (RFC 9110 §7.6.1: "Connection: close, x-hop" makes x-hop hop-by-hop too).
 */
export function staysAtGateway(name: string, connectionTokens: ReadonlySet<string>): boolean {
  return HOP_BY_HOP.has(name) || name.startsWith('proxy-') || connectionTokens.has(name);
}

const NO_TOKENS: ReadonlySet<string> = new Set();

/** The lower-case names a `Connection` header lists (empty for none). */
export function connectionTokens(connection: string | string[] | undefined): ReadonlySet<string> {
  if (connection === undefined) return NO_TOKENS;
  const tokens = new Set<string>();
  for (const value of Array.isArray(connection) ? connection : [connection])
    for (const token of value.split(',')) {
      const name = token.trim().toLowerCase();
      if (name) tokens.add(name);
    }
  return tokens;
}
