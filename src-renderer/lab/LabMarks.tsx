/**
 * What the authorizer lab adds to an authorizer run, shown in traces and the editor's Test: an
 * injected failure, an identity override, why the cache missed, and the portable-event lint.
 */
import type { AuthorizerTrace } from '../../src-shared/trace';

export function LabMarks({ run }: { run: AuthorizerTrace }) {
  const findings = run.eventLint?.findings ?? [];
  return (
    <>
      {run.injectedFault && (
        <div className="note warn" data-testid="injected-fault">
          <b>Injected failure:</b> {run.injectedFault.summary}. The function's code did not fail; a failure-injection rule did.
        </div>
      )}
      {run.identityOverride && (
        <div className="note warn" data-testid="identity-override">
          <b>Identity override:</b> the request gave its own context, so the function did not run. APIG has no such thing.
        </div>
      )}
      {run.cache.note && (
        <div className="muted" data-testid="cache-note">
          Cache miss: {run.cache.note}.
        </div>
      )}
      {findings.length > 0 && (
        <div className="note warn" data-testid="event-lint">
          <b>May differ on APIG</b> (the function read event fields APIG may not send, or the cache may reuse):
          <ul>
            {findings.map((f) => (
              <li key={f.read}>
                <code>{f.read}</code>: {f.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
