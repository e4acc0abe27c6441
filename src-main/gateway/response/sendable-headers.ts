/**
 * Response headers the client can actually be sent. Node refuses a header whose name is not an
 * HTTP token or whose value holds CR, LF, NUL or other control characters; one such header from a
 * backend or a function must cost that header only, not every header of the answer (Content-Type
 * included). What is dropped, and why, goes to the trace.
 */
import { validateHeaderName, validateHeaderValue } from 'node:http';

export interface DroppedHeader {
  name: string;
  reason: string;
}

export function sendableHeaders(headers: Record<string, string | string[]>): {
  headers: Record<string, string | string[]>;
  dropped: DroppedHeader[];
} {
  const dropped: DroppedHeader[] = [];
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    const reason = whyUnsendable(name, value);
    if (reason) dropped.push({ name, reason });
    else kept[name] = value;
  }
  return { headers: dropped.length ? kept : headers, dropped };
}

function whyUnsendable(name: string, value: string | string[]): string | undefined {
  try {
    validateHeaderName(name);
  } catch {
    return 'the name is not a valid HTTP header name';
  }
  for (const v of Array.isArray(value) ? value : [value]) {
    try {
      validateHeaderValue(name, v);
    } catch {
      return 'the value holds characters HTTP does not allow in a header (CR, LF, NUL or other control characters)';
    }
  }
  return undefined;
}
