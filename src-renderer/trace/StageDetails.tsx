/**
 * Readable details of the policy and credential stages of a trace: the authentication stage's
 * signature facts (canonical request, string to sign), the throttling counters as a table (the one
 * that tripped in red), the backend policies tried with each condition, and the orchestration steps.
 * The detail types come from src-shared/trace.ts, narrowed by the stage's name; stages without a
 * block of their own (or with nothing to show in it) return null, so the generic key/value table shows.
 */
import type { ReactNode } from 'react';
import type {
  AuthenticationDetail,
  BackendPolicyDetail,
  GatewayResponseDetail,
  OrchestrationDetail,
  ThrottleCounterKind,
  ThrottleCounterTrace,
  TraceStage,
} from '../../src-shared/trace';
import { KvTable } from '../components/JsonBlock';

function AuthenticationFacts({ detail }: { detail: AuthenticationDetail }) {
  const { canonicalRequest, stringToSign, ...rest } = detail;
  return (
    <div className="stack" style={{ gap: 6 }} data-testid="auth-detail">
      <KvTable record={rest} />
      {canonicalRequest !== undefined && (
        <details open={detail.expectedSignature !== undefined}>
          <summary>Gateway canonical request and string to sign</summary>
          <pre className="code-box" style={{ whiteSpace: 'pre' }} data-testid="gateway-canonical-request">{canonicalRequest}</pre>
          {stringToSign !== undefined && <pre className="code-box" style={{ whiteSpace: 'pre', marginTop: 6 }}>{stringToSign}</pre>}
        </details>
      )}
    </div>
  );
}

const COUNTER_NAMES: Record<ThrottleCounterKind, string> = { api: 'API', user: 'User', app: 'App', ip: 'IP', 'api-allenv': 'API (default, all environments)' };

function ThrottleCounters({ counters }: { counters: ThrottleCounterTrace[] }) {
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

function BackendPolicies({ tried, chosen }: { tried: BackendPolicyDetail['tried']; chosen: BackendPolicyDetail['policy'] }) {
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

function OrchestrationSteps({ steps, outputs }: OrchestrationDetail) {
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

const STATUS_FROM: Record<GatewayResponseDetail['statusFrom'], string> = {
  'response set': 'set in the response set',
  'type default': "the type's default",
  error: "the error's own status (DEFAULT_4XX / DEFAULT_5XX have none)",
};

/** How an error became the response: type, set, customised or default, templates and each variable's value. */
function GatewayResponse({ d }: { d: GatewayResponseDetail }) {
  const empty = d.variables.filter((v) => !v.defined);
  return (
    <div className="stack" style={{ gap: 6 }} data-testid="gateway-response-detail">
      <table className="grid kv">
        <tbody>
          <tr>
            <td>Type</td>
            <td className="mono">
              {d.type} <span className="muted">({d.code})</span>
            </td>
          </tr>
          <tr>
            <td>Response set</td>
            <td data-testid="gateway-response-set">
              {d.responseSet ?? <span className="muted">(none)</span>} ·{' '}
              {d.customised ? <span className="badge accent">customised for {d.type}</span> : <span className="badge">APIG default</span>}
            </td>
          </tr>
          <tr>
            <td>Status</td>
            <td>
              <span className="mono">{d.status}</span> <span className="muted">— {STATUS_FROM[d.statusFrom]}</span>
            </td>
          </tr>
        </tbody>
      </table>
      <div>
        <h4>Body template</h4>
        <pre className="code-box" data-testid="gateway-response-template">{d.bodyTemplate}</pre>
      </div>
      {d.headerTemplates.length > 0 && (
        <div>
          <h4>Header templates</h4>
          <KvTable record={Object.fromEntries(d.headerTemplates.map((h) => [h.key, h.value]))} />
        </div>
      )}
      {d.variables.length > 0 && (
        <table className="grid gw-vars" data-testid="gateway-response-variables">
          <thead>
            <tr>
              <th>Variable</th>
              <th>Rendered as</th>
            </tr>
          </thead>
          <tbody>
            {d.variables.map((v) => (
              <tr key={v.name} data-testid="template-variable">
                <td className="mono">{v.name}</td>
                <td className={`mono${v.defined ? '' : ' undefined'}`}>{v.defined ? v.value || <span className="muted">(empty string)</span> : '(empty: no value for this request)'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {empty.length > 0 && (
        <div className="note warn" data-testid="gateway-response-empty">
          {empty.length === 1 ? 'This variable had' : 'These variables had'} no value for this request and rendered as an empty string:{' '}
          <span className="mono">{empty.map((v) => v.name).join(', ')}</span>.
          {empty.some((v) => v.name.startsWith('$context.authorizer.')) && ' The authorizer did not return that key in its context.'}
        </div>
      )}
    </div>
  );
}

/** The custom detail block of a stage, or null to fall back to the generic table. */
export function stageDetail(stage: TraceStage): ReactNode {
  if (!stage.detail) return null;
  switch (stage.name) {
    case 'authentication':
      return <AuthenticationFacts detail={stage.detail} />;
    case 'throttling':
      return stage.detail.counters.length ? <ThrottleCounters counters={stage.detail.counters} /> : null;
    case 'backend-policy':
      return <BackendPolicies tried={stage.detail.tried} chosen={stage.detail.policy} />;
    case 'gateway-response':
      return <GatewayResponse d={stage.detail} />;
    case 'orchestration':
      return <OrchestrationSteps {...stage.detail} />;
    default:
      return null;
  }
}
