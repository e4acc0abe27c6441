/**
 * Authorizer test suites in the app: a YAML editor with the suite's diagnostics as markers (the
 * same reader the CLI uses), and a run matrix of cases × result whose rows open their traces.
 */
import { useMemo, useState } from 'react';
import { readSuite } from '../../src-shared/lab/suite';
import { formatMismatch } from '../../src-shared/lab/expectations';
import type { SuiteResult } from '../../src-shared/lab/suite-result';
import { CodeEditor } from '../monaco/CodeEditor';
import { InlineError } from '../components/ErrorNote';
import { Section } from '../components/Section';
import { useAction } from '../lib/useAction';
import { useNav } from '../state/NavContext';
import { useWorkspace } from '../state/WorkspaceContext';

const STORAGE_KEY = 'apig-workbench.lab.suite';

const STARTER = `# An authorizer test suite: keep it next to your code and run it in CI with
#   npx apig-workbench test this-file.yaml --db workspace.db --junit results.xml
name: My authorizer
cases:
  - name: a valid identity is allowed
    request: { path: /guide, headers: { test: abc } }
    expect: { status: 200, decision: allow, backendHeaders: { test: abcd } }
  - name: a wrong identity is denied
    request: { path: /guide, headers: { test: nope } }
    expect: { decision: deny, errorType: AUTHORIZER_FAILURE }
  - name: no identity never calls the function
    request: { path: /guide }
    expect: { status: 401, decision: identities_failure }
`;

export function SuitePanel() {
  const ws = useWorkspace();
  const nav = useNav();
  const [text, setText] = useState(() => localStorage.getItem(STORAGE_KEY) ?? STARTER);
  const [result, setResult] = useState<SuiteResult>();
  const diagnostics = useMemo(() => readSuite(text, 'suite').diagnostics, [text]);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const edit = (value: string) => {
    setText(value);
    localStorage.setItem(STORAGE_KEY, value);
  };
  const run = useAction(async () => {
    const reply = await ws.api.runTestSuite({ text, name: 'suite' });
    setResult(reply.result);
  });

  return (
    <Section
      title="Test suite"
      testId="lab-suite"
      actions={
        <button className="btn small primary" onClick={() => void run.run()} disabled={run.busy || errors > 0} data-testid="lab-run-suite" title="Ctrl/Cmd+Enter in the editor">
          {run.busy ? 'Running…' : 'Run suite'}
        </button>
      }
    >
      <CodeEditor
        value={text}
        onChange={edit}
        onRun={() => void run.run()}
        language="yaml"
        height="260px"
        markers={diagnostics.map((d) => ({ severity: d.severity, message: d.message, line: d.line, column: d.column }))}
        testId="lab-suite-editor"
      />
      <div className={errors ? 'note error' : 'muted'} style={{ marginTop: 6 }} data-testid="lab-suite-diagnostics">
        {errors ? diagnostics.map((d) => `line ${d.line}: ${d.message}`).join(' · ') : 'The suite reads fine. Cases run in order through the local gateway; each run starts with an empty authorizer cache.'}
      </div>
      <InlineError error={run.errors.message} />
      {result && (
        <>
          <div className="row" style={{ margin: '8px 0' }} data-testid="lab-suite-summary">
            <span className="badge ok">{result.passed} passed</span>
            <span className={`badge${result.failed ? ' err' : ''}`}>{result.failed} failed</span>
            <span className={`badge${result.errors ? ' err' : ''}`}>{result.errors} error(s)</span>
            <span className="muted">{result.durationMs.toFixed(0)} ms</span>
          </div>
          <table className="grid" data-testid="lab-run-matrix">
            <thead>
              <tr>
                <th>Case</th>
                <th>Result</th>
                <th>Status</th>
                <th>Details</th>
                <th>Trace</th>
              </tr>
            </thead>
            <tbody>
              {result.cases.map((c) => (
                <tr key={c.name} data-testid="lab-case-row" data-outcome={c.outcome}>
                  <td>{c.name}</td>
                  <td>
                    <span className={`badge${c.outcome === 'passed' ? ' ok' : ' err'}`}>{c.outcome}</span>
                  </td>
                  <td>{c.status ?? '—'}</td>
                  <td className="mono" style={{ whiteSpace: 'pre-wrap' }}>
                    {[c.error, ...c.mismatches.map(formatMismatch), ...(c.lint ?? []).map((w) => `warning: ${w}`)].filter(Boolean).join('\n') || '—'}
                  </td>
                  <td>
                    {c.requestId ? (
                      <button className="btn small" onClick={() => nav.open({ kind: 'trace', id: c.requestId! })}>
                        Open
                      </button>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Section>
  );
}
