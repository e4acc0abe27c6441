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
  // Checked first and copied only when something must go: almost every answer is sent as it is.
  let dropped: DroppedHeader[] | undefined;
  for (const name in headers) {
    const reason = whyUnsendable(name, headers[name]);
    if (reason) (dropped ??= []).push({ name, reason });
  }
  if (!dropped) return { headers, dropped: NOTHING_DROPPED };
  const droppedNames = new Set(dropped.map((d) => d.name));
  const kept: Record<string, string | string[]> = {};
  for (const name in headers) if (!droppedNames.has(name)) kept[name] = headers[name];
  return { headers: kept, dropped };
}

const NOTHING_DROPPED: DroppedHeader[] = Object.freeze([]) as unknown as DroppedHeader[];

function whyUnsendable(name: string, value: string | string[]): string | undefined {
  try {
    validateHeaderName(name);
  } catch {
    return 'the name is not a valid HTTP header name';
  }
  if (typeof value === 'string') return valueProblem(name, value);
  for (const v of value) {
    const problem = valueProblem(name, v);
    if (problem) return problem;
  }
  return undefined;
}

function valueProblem(name: string, value: string): string | undefined {
  try {
    validateHeaderValue(name, value);
    return undefined;
  } catch {
    return 'the value holds characters HTTP does not allow in a header (CR, LF, NUL or other control characters)';
  }
}
