/**
 * Readable details of the policy and credential stages of a trace: the authentication stage's
 * signature facts (canonical request, string to sign), the throttling counters as a table (the one
 * that tripped in red), the backend policies tried with each condition, and the orchestration steps.
 * Each returns null when the detail is not of the expected shape, so the generic key/value table shows.
 */
import type { ReactNode } from 'react';
import type { TraceStage } from '../../src-shared/trace';
import { KvTable } from '../components/JsonBlock';

type Detail = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function AuthenticationDetail({ detail }: { detail: Detail }) {
  const { canonicalRequest, stringToSign, ...rest } = detail;
  return (
    <div className="stack" style={{ gap: 6 }} data-testid="auth-detail">
      <KvTable record={rest} />
      {str(canonicalRequest) !== undefined && (
        <details open={str(detail.expectedSignature) !== undefined}>
          <summary>Gateway canonical request and string to sign</summary>
          <pre className="code-box" style={{ whiteSpace: 'pre' }} data-testid="gateway-canonical-request">{str(canonicalRequest)}</pre>
          {str(stringToSign) !== undefined && <pre className="code-box" style={{ whiteSpace: 'pre', marginTop: 6 }}>{str(stringToSign)}</pre>}
        </details>
      )}
    </div>
  );
}

interface Counter {
  kind: string;
  source: string;
  limit: number;
  time: string;
  special?: string;
  used: number;
  remain: number;
  tripped: boolean;
}

const COUNTER_NAMES: Record<string, string> = { api: 'API', user: 'User', app: 'App', ip: 'IP', 'api-allenv': 'API (default, all environments)' };

function ThrottleCounters({ counters }: { counters: Counter[] }) {
  return (
    <table className="grid counters" data-testid="throttle-counters">
      <thead>
        <tr>
          <th>Counter</th>
          <th>Policy</th>
          <th>Calls this window</th>
          <th>Limit</th>
          <th>Left</th>
        </tr>
      </thead>
      <tbody>
        {counters.map((c, i) => (
          <tr key={i} className={c.tripped ? 'tripped' : ''} data-testid={c.tripped ? 'tripped-counter' : 'counter'}>
            <td>
              {COUNTER_NAMES[c.kind] ?? c.kind}
              {c.tripped && ' — tripped'}
            </td>
            <td>
              {c.source}
              {c.special && <span className="muted"> (special for {c.special})</span>}
            </td>
            {/* A tripped call is not counted: show the attempt as used + 1 over the limit. */}
            <td className="mono">{c.tripped ? `${c.used} (+1 refused)` : c.used + 1}</td>
            <td className="mono">
              {c.limit} / {c.time}
            </td>
            <td className="mono">{c.remain}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface TriedPolicy {
  policy: string;
  effectMode: string;
  matched: boolean;
  conditions: { condition: string; input?: string; matched: boolean }[];
}

function BackendPolicies({ tried, chosen }: { tried: TriedPolicy[]; chosen?: string | null }) {
  return (
    <div className="stack" style={{ gap: 6 }} data-testid="backend-policy-detail">
      <div>
        {chosen ? (
          <>
            Chosen: <span className="badge ok">{chosen}</span>
          </>
        ) : (
          <>No policy matched: the <span className="badge">default backend</span> serves the request.</>
        )}
      </div>
      <table className="grid counters">
        <thead>
          <tr>
            <th>Policy</th>
            <th>Condition</th>
            <th>Request value</th>
            <th>Match</th>
          </tr>
        </thead>
        <tbody>
          {tried.flatMap((p) =>
            p.conditions.map((c, i) => (
              <tr key={`${p.policy}-${i}`} className={c.matched ? 'matched' : ''}>
                <td>{i === 0 ? <>{p.policy} <span className="muted">({p.effectMode}{p.matched ? ', matched' : ''})</span></> : ''}</td>
                <td className="mono">{c.condition}</td>
                <td className="mono">{c.input ?? <span className="muted">(absent)</span>}</td>
                <td>{c.matched ? '✓' : '✕'}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}

function OrchestrationSteps({ steps, outputs }: { steps: string[]; outputs?: { name: string; location: string; value: string }[] }) {
  return (
    <div className="stack" style={{ gap: 6 }}>
      <ol style={{ margin: 0, paddingLeft: 18 }}>
        {steps.map((s, i) => (
          <li key={i}>{s}</li>
        ))}
      </ol>
      {outputs && outputs.length > 0 && <KvTable record={Object.fromEntries(outputs.map((o) => [`${o.location} ${o.name}`, o.value]))} />}
    </div>
  );
}

/** The custom detail block of a stage, or null to fall back to the generic table. */
export function stageDetail(stage: TraceStage): ReactNode {
  const d = stage.detail;
  if (!d) return null;
  switch (stage.name) {
    case 'authentication':
      return <AuthenticationDetail detail={d} />;
    case 'throttling':
      return Array.isArray(d.counters) && d.counters.length ? <ThrottleCounters counters={d.counters as Counter[]} /> : null;
    case 'backend-policy':
      return Array.isArray(d.tried) ? <BackendPolicies tried={d.tried as TriedPolicy[]} chosen={d.policy as string | null} /> : null;
    case 'orchestration':
      return Array.isArray(d.steps) ? <OrchestrationSteps steps={d.steps as string[]} outputs={d.outputs as never} /> : null;
    default:
      return null;
  }
}
