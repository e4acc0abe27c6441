/**
 * The tester's identity override: send the request "as context X" so the local gateway skips the
 * frontend authorizer and uses this context (X-Apig-Workbench-As-Context). Marked as local-only
 * wherever it is on, since APIG has no such thing.
 */
import { asContextProblem } from './requestForm';

const EXAMPLE = '{\n  "user": "alice",\n  "role": "admin"\n}';

export function AsContextField({ value, onChange }: { value: string | undefined; onChange: (value: string | undefined) => void }) {
  const problem = value !== undefined ? asContextProblem(value) : undefined;
  return (
    <div className="stack" data-testid="tester-as-context">
      <label className="row nowrap" style={{ gap: 6, alignItems: 'flex-start' }}>
        <input type="checkbox" style={{ width: 'auto', marginTop: 3 }} checked={value !== undefined} onChange={(e) => onChange(e.target.checked ? EXAMPLE : undefined)} data-testid="tester-as-context-toggle" />
        <span>
          <b>Send as context</b> (identity override): the frontend custom authorizer is not run and the gateway uses this context instead
        </span>
      </label>
      <div className="note warn">
        Local only: APIG has no such thing. The trace marks the request; test suites refuse it unless a case sets <code>asContext</code>, and HAR exports leave it out unless asked. The context follows the
        authorizer result rules (string, number and boolean values).
      </div>
      {value !== undefined && (
        <>
          <textarea rows={6} value={value} onChange={(e) => onChange(e.target.value)} spellCheck={false} className="mono" aria-label="Context (JSON)" data-testid="tester-as-context-json" />
          {problem && <div className="field-error">{problem}</div>}
        </>
      )}
    </div>
  );
}
