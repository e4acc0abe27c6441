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
