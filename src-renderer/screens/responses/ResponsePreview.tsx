/**
 * What a client would receive for one response type: rendered by the same code the gateway uses,
 * with a typical error of that type and sample request values. Values of the variables the template
 * uses can be changed here (authorizer context keys have no sample of their own).
 */
import { useMemo, useState } from 'react';
import { isKnownVariable, preview, sampleContext, sampleError, templateVariables, type ErrorType, type ResponsesDraft } from './responseDraft';
import { Section } from '../../components/Section';

export function ResponsePreview({ type, draft }: { type: ErrorType; draft: ResponsesDraft }) {
  const [overrides, setOverrides] = useState<Record<string, string>>({});
  // Unknown variables render empty on the gateway, whatever is typed here.
  const result = useMemo(() => preview(draft, type, Object.fromEntries(Object.entries(overrides).filter(([k]) => isKnownVariable(k)))), [draft, type, overrides]);
  const rule = draft[type];
  const used = templateVariables(rule?.body ?? result.body, ...(rule?.headers.map((h) => h.value) ?? []));
  const samples = sampleContext(sampleError(type));
  let pretty = result.body;
  if (!result.jsonProblem) {
    try {
      pretty = JSON.stringify(JSON.parse(result.body), null, 2);
    } catch {
      // keep the raw text
    }
  }
  return (
    <Section title="Preview" testId="response-preview">
      <div className="response-meta">
        <span>
          HTTP <span className={`status-code s${String(result.status)[0]}`} data-testid="rt-preview-status">{result.status}</span>
        </span>
        <span className="muted">
          for a sample <code>{sampleError(type).code}</code> error on <code>GET /profile</code>
        </span>
      </div>
      <table className="grid kv">
        <tbody>
          <tr><td>content-type</td><td>application/json <span className="muted">(added by the gateway)</span></td></tr>
          <tr><td>x-request-id</td><td>{samples.requestId} <span className="muted">(added by the gateway)</span></td></tr>
          {Object.entries(result.headers).map(([k, v]) => (
            <tr key={k}><td>{k}</td><td>{v}</td></tr>
          ))}
        </tbody>
      </table>
      <pre className="code-box" data-testid="rt-preview-body">{pretty}</pre>
      {result.jsonProblem && (
        <div className="note warn" data-testid="rt-preview-json">
          The rendered body is not JSON ({result.jsonProblem}). APIG's console only accepts JSON bodies; check quotes around <code>$context</code> values.
        </div>
      )}
      {used.length > 0 && (
        <details open={used.some((v) => !(v in samples))}>
          <summary className="muted">Sample values of the {used.length} variable{used.length === 1 ? '' : 's'} used</summary>
          <table className="grid" style={{ marginTop: 6 }}>
            <tbody>
              {used.map((name) => (
                <tr key={name}>
                  <td className="mono" style={{ width: '45%' }}>
                    $context.{name}
                    {!isKnownVariable(name) && <div className="field-error">not a gateway variable: renders empty</div>}
                  </td>
                  <td>
                    <input
                      value={isKnownVariable(name) ? (overrides[name] ?? samples[name] ?? '') : ''}
                      disabled={!isKnownVariable(name)}
                      placeholder={name.startsWith('authorizer.') ? 'from the authorizer\'s context' : ''}
                      onChange={(e) => setOverrides((o) => ({ ...o, [name]: e.target.value }))}
                      aria-label={`Sample value of $context.${name}`}
                      data-testid="rt-sample-value"
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </Section>
  );
}
