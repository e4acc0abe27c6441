/**
 * The answer to "what happened to this request?" in one line, taken from its trace: the frontend
 * authorizer's decision and cache state, the context keys that reached the backend (and as what),
 * the final status and, for a gateway response, its type. The tester, the trace tab and the live
 * log all show this same headline, so it is computed once, here, and stored with the trace summary.
 */
import { FRONTEND_AUTHORIZER_PREFIX } from './apig/system-parameters';
import type { TraceHeadline, TraceRecord } from './trace';

/** What the headline needs of a trace: the gateway can give it before the full trace is built. */
export type HeadlineSource = Pick<TraceRecord, 'backend'> & {
  authorizers: readonly TraceRecord['authorizers'][number][];
  response: Pick<TraceRecord['response'], 'status' | 'errorType'>;
};

export function traceHeadline(trace: HeadlineSource): TraceHeadline {
  const frontend = trace.authorizers.find((a) => a.leg === 'frontend');
  const mapped: TraceHeadline['mapped'] = [];
  const used = new Set<string>();
  for (const p of trace.backend?.params ?? []) {
    if (!p.source.startsWith(FRONTEND_AUTHORIZER_PREFIX)) continue;
    const key = p.source.slice(FRONTEND_AUTHORIZER_PREFIX.length);
    used.add(key);
    mapped.push({ key, value: p.value, to: `${p.location.toLowerCase()} ${p.name}` });
  }
  const headline: TraceHeadline = {
    mapped,
    unmappedKeys: frontend ? Object.keys(frontend.context).filter((k) => !used.has(k)) : [],
    status: trace.response.status,
  };
  if (frontend) {
    headline.authorizer = { name: frontend.authorizerName, decision: frontend.decision };
    if (frontend.cache.enabled) headline.authorizer.cache = { hit: frontend.cache.hit, ttlLeftSec: frontend.cache.ttlLeftSec };
  }
  if (trace.response.errorType) headline.errorType = trace.response.errorType;
  return headline;
}
