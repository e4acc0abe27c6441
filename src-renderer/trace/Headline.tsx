/**
 * A request's outcome in one line, above its trace and in the live log: who decided (and whether
 * from the cache), which context values reached the backend as what, and the final status with the
 * gateway response type when the gateway answered itself.
 */
import type { TraceHeadline } from '../../src-shared/trace';
import { StatusCode } from '../components/MethodBadge';

const DECISION_WORDS: Record<string, string> = {
  allow: 'allow',
  deny: 'deny',
  relaxed: 'allow (relaxed)',
  error: 'error',
  'identities-failure': 'identity missing',
};

export function Headline({ headline, compact = false }: { headline: TraceHeadline; compact?: boolean }) {
  const { authorizer } = headline;
  const cache = authorizer?.cache;
  return (
    <div className={`headline${compact ? ' compact' : ''}`} data-testid="trace-headline">
      {authorizer ? (
        <span className="part keep">
          <span className={`decision ${authorizer.decision}`} data-testid="headline-decision">
            {DECISION_WORDS[authorizer.decision] ?? authorizer.decision}
          </span>
          {!compact && <span className="muted"> by </span>}
          {!compact && <span>{authorizer.name}</span>}
        </span>
      ) : (
        !compact && <span className="part muted">no custom authorizer</span>
      )}
      {cache && (
        <span className={`badge keep ${cache.hit ? 'accent' : ''}`} data-testid="headline-cache">
          cache {cache.hit ? 'hit' : 'miss'}
          {cache.ttlLeftSec !== undefined && `, ${cache.ttlLeftSec}s left`}
        </span>
      )}
      {headline.mapped.map((m, i) => (
        <span key={i} className="part mono" data-testid="headline-mapped" title={`$context.authorizer.frontend.${m.key} → ${m.to}`}>
          {m.key}={m.value === undefined ? <span className="muted">(none)</span> : m.value}
          <span className="muted"> → {m.to}</span>
        </span>
      ))}
      {!compact && headline.unmappedKeys.length > 0 && (
        <span className="part muted" title="Context keys the authorizer returned that no backend parameter uses">
          not sent: {headline.unmappedKeys.join(', ')}
        </span>
      )}
      <span className="grow" />
      <span className="part keep">
        <StatusCode status={headline.status} />
        {headline.errorType && (
          <span className="badge err" style={{ marginLeft: 6 }} data-testid="headline-error-type">
            {headline.errorType}
          </span>
        )}
      </span>
    </div>
  );
}
