/** What a backend answered, before the gateway adds its own headers. */
export interface BackendResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
  /** Mock backends have no upstream (no X-Apig-Upstream-Latency). */
  upstream: boolean;
}

/** Hop-by-hop headers never cross the gateway (RFC 9110 §7.6.1). */
export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
