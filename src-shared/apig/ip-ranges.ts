/**
 * IPv4 address lists as APIG writes them in access-control policies and backend-policy `source`
 * conditions (runtime.md §5.3, §5.4): comma-separated single addresses, CIDRs (`10.0.0.0/8`) and
 * dash ranges (`192.168.12.12-192.168.12.19`). Pure, shared by the validator and the gateway.
 */

export interface IpRange {
  /** The entry as written (trimmed), for messages and traces. */
  text: string;
  from: number;
  to: number;
}

export type ParsedIpList = { ok: true; ranges: IpRange[] } | { ok: false; problems: string[] };

/** 32-bit unsigned value of a dotted IPv4 address, or undefined when it is not one. */
export function ipv4ToNumber(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    n = n * 256 + octet;
  }
  return n;
}

function parseEntry(text: string): IpRange | string {
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const base = ipv4ToNumber(text.slice(0, slash));
    const bitsText = text.slice(slash + 1);
    const bits = /^\d{1,2}$/.test(bitsText) ? Number(bitsText) : NaN;
    if (base === undefined || !(bits >= 0 && bits <= 32)) return `"${text}" is not an IPv4 CIDR (a.b.c.d/0-32)`;
    const size = 2 ** (32 - bits);
    const from = Math.floor(base / size) * size;
    return { text, from, to: from + size - 1 };
  }
  const dash = text.indexOf('-');
  if (dash >= 0) {
    const from = ipv4ToNumber(text.slice(0, dash).trim());
    const to = ipv4ToNumber(text.slice(dash + 1).trim());
    if (from === undefined || to === undefined) return `"${text}" is not an IPv4 range (a.b.c.d-e.f.g.h)`;
    if (from > to) return `"${text}": the range starts after it ends`;
    return { text, from, to };
  }
  const n = ipv4ToNumber(text);
  if (n === undefined) return `"${text}" is not an IPv4 address`;
  return { text, from: n, to: n };
}

/** Parses a comma-separated list; every bad entry is named. `allowRanges` false refuses a-b ranges. */
export function parseIpList(value: string, allowRanges = true): ParsedIpList {
  const ranges: IpRange[] = [];
  const problems: string[] = [];
  for (const raw of value.split(',')) {
    const text = raw.trim();
    if (!text) {
      problems.push('empty entry between commas');
      continue;
    }
    if (!allowRanges && !text.includes('/') && text.includes('-')) {
      problems.push(`"${text}": only addresses and CIDRs are allowed here`);
      continue;
    }
    const parsed = parseEntry(text);
    if (typeof parsed === 'string') problems.push(parsed);
    else ranges.push(parsed);
  }
  return problems.length ? { ok: false, problems } : { ok: true, ranges };
}

/** The entry that contains `ip`, or undefined. A non-IPv4 caller address matches nothing. */
export function findIpRange(ranges: readonly IpRange[], ip: string): IpRange | undefined {
  const n = ipv4ToNumber(ip);
  if (n === undefined) return undefined;
  return ranges.find((r) => n >= r.from && n <= r.to);
}
