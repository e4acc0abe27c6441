/**
 * A refused signature explained: the client's canonical request and string-to-sign beside the
 * gateway's, with the first difference highlighted. Identical canonical requests mean the two sides
 * used different secrets (or the signature was edited).
 */
import { firstDifference } from '../../../src-shared/apig/app-signature';
import type { ClientSigning, GatewaySigning } from './signing';

function Highlighted({ text, at, testId }: { text: string; at?: number; testId?: string }) {
  if (at === undefined) return <pre data-testid={testId}>{text}</pre>;
  // Mark from the first differing character to the end of its line (a newline itself is shown as ⏎).
  const lineEnd = text.indexOf('\n', at);
  const end = lineEnd < 0 ? text.length : Math.max(lineEnd, at + 1);
  const marked = text.slice(at, end) || '⏎';
  return (
    <pre data-testid={testId}>
      {text.slice(0, at)}
      <mark data-testid="first-difference">{marked === '\n' ? '⏎' : marked}</mark>
      {text.slice(end)}
    </pre>
  );
}

function Pair({ title, client, gateway, testId }: { title: string; client: string; gateway: string; testId: string }) {
  const diff = firstDifference(client, gateway);
  return (
    <div className="stack" style={{ gap: 4 }} data-testid={testId}>
      <div className="row">
        <h4>{title}</h4>
        {diff ? (
          <span className="badge err">
            differs at line {diff.line}, column {diff.column}
          </span>
        ) : (
          <span className="badge ok">identical</span>
        )}
      </div>
      <div className="sig-compare">
        <div>
          <div className="muted">Client (tester)</div>
          <Highlighted text={client} at={diff?.index} testId={`${testId}-client`} />
        </div>
        <div>
          <div className="muted">Gateway</div>
          <Highlighted text={gateway} at={diff?.index} testId={`${testId}-gateway`} />
        </div>
      </div>
    </div>
  );
}

export function SignatureDiff({ client, gateway }: { client?: ClientSigning; gateway: GatewaySigning }) {
  const sameCanonical = client && client.canonicalRequest === gateway.canonicalRequest;
  return (
    <div className="note error stack" style={{ color: 'inherit' }} data-testid="signature-diff">
      <div>
        <strong style={{ color: 'var(--err)' }}>The gateway refused the signature</strong>
        {gateway.appName && <> of app <code>{gateway.appName}</code></>}.{' '}
        {!client
          ? 'The tester did not sign this request, so only the gateway’s side is shown.'
          : sameCanonical
            ? 'Both sides built the same canonical request: the signature was computed with a different AppSecret, or edited after signing.'
            : 'The request changed between signing and sending, or the client signed it differently — the first difference is highlighted.'}
      </div>
      {client ? (
        <>
          <Pair title="Canonical request" client={client.canonicalRequest} gateway={gateway.canonicalRequest} testId="canonical-compare" />
          <Pair title="String to sign" client={client.stringToSign} gateway={gateway.stringToSign} testId="string-to-sign-compare" />
        </>
      ) : (
        <div className="stack" style={{ gap: 4 }}>
          <h4>Gateway canonical request</h4>
          <pre className="code-box" style={{ whiteSpace: 'pre' }}>{gateway.canonicalRequest}</pre>
          <h4>Gateway string to sign</h4>
          <pre className="code-box" style={{ whiteSpace: 'pre' }}>{gateway.stringToSign}</pre>
        </div>
      )}
      {(gateway.clientSignature || gateway.expectedSignature) && (
        <table className="grid kv">
          <tbody>
            <tr>
              <td>Signature sent</td>
              <td className="mono">{gateway.clientSignature}</td>
            </tr>
            <tr>
              <td>Signature the gateway computed</td>
              <td className="mono">{gateway.expectedSignature}</td>
            </tr>
          </tbody>
        </table>
      )}
    </div>
  );
}
