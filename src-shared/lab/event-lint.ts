/**
 * Portable-event lint (issue 13, item 5). The local gateway sends an authorizer every header and
 * query parameter, but APIG's guide ties `event["headers"]` / `event["queryStringParameters"]` to
 * the identity sources (runtime.md §1.3, [U]): a function that reads another header may pass here
 * and fail on the cloud. And with the cache on, a decision based on anything but the identity
 * sources is reused for other requests with the same identities, other APIs included (§1.6).
 * The runtimes record which event fields the handler read; this turns those reads into findings.
 */
import type { AuthorizerIdentity } from '../model';

export interface EventLintFinding {
  /** The read as recorded: `headers.x-client`, `path`, `headers.*` (an enumeration). */
  read: string;
  message: string;
}

export interface EventLint {
  reads: string[];
  findings: EventLintFinding[];
}

export interface LintedAuthorizer {
  identities: AuthorizerIdentity[];
  ttl: number;
}

/** Reads that are the same for every request through the authorizer, or only reach a sub-map. */
const HARMLESS = new Set(['headers', 'queryStringParameters', 'pathParameters', 'requestContext', 'user_data', 'isBase64Encoded']);

export function lintEventReads(reads: string[] | undefined, authorizer: LintedAuthorizer): EventLint | undefined {
  if (!reads || reads.length === 0) return undefined;
  const headerSources = new Set(authorizer.identities.filter((i) => i.location === 'HEADER').map((i) => i.name.toLowerCase()));
  const querySources = new Set(authorizer.identities.filter((i) => i.location === 'QUERY').map((i) => i.name));
  const cached = authorizer.ttl > 0 && authorizer.identities.length > 0;
  const cacheWords = 'the cache is on, so the decision is reused for every request with the same identity sources, other APIs included';
  const findings: EventLintFinding[] = [];
  for (const read of [...new Set(reads)].sort()) {
    const dot = read.indexOf('.');
    const map = dot < 0 ? read : read.slice(0, dot);
    const key = dot < 0 ? undefined : read.slice(dot + 1);
    if (map === 'headers' && key !== undefined) {
      if (key === '*') findings.push({ read, message: `reads every header (enumeration or serialisation); APIG may send only the identity sources${cached ? `, and ${cacheWords}` : ''}` });
      else if (!headerSources.has(key.toLowerCase()))
        findings.push({ read, message: `reads header "${key}", which is not an identity source: APIG may not send it${cached ? `; ${cacheWords}` : ''}` });
      continue;
    }
    if (map === 'queryStringParameters' && key !== undefined) {
      if (key === '*') findings.push({ read, message: `reads every query parameter; APIG may send only the identity sources${cached ? `, and ${cacheWords}` : ''}` });
      else if (!querySources.has(key))
        findings.push({ read, message: `reads query parameter "${key}", which is not an identity source: APIG may not send it${cached ? `; ${cacheWords}` : ''}` });
      continue;
    }
    if (!cached || HARMLESS.has(read) || (map === 'requestContext' && key === 'requestId')) continue;
    findings.push({ read, message: read === '*' ? `reads the whole event; ${cacheWords}` : `reads ${read} with ${cacheWords}: a decision based on it is wrong for them` });
  }
  return { reads: [...new Set(reads)].sort(), findings };
}
