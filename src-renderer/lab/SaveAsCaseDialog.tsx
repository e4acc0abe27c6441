/**
 * "Save this request as a test case": picks a suite (or names a new one), shows the case that will
 * be appended (its `expect` filled from what the gateway did), appends it and opens the suite in the
 * Lab's editor with the case revealed. Used by the tester and the trace screen.
 */
import { useEffect, useRef, useState } from 'react';
import { stringify } from 'yaml';
import { appendCase, caseFromRun, newSuiteText, type RunToSave } from '../../src-shared/lab/case-from-run';
import type { SavedSuite } from '../../src-shared/lab/saved-suites';
import { InlineError } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { useAction } from '../lib/useAction';
import { useNav } from '../state/NavContext';
import { useWorkspace } from '../state/WorkspaceContext';

const NEW = '';

/** `warnings`: what the request as given lacks (a credential masked in a trace), shown with the case's notes. */
export function SaveAsCaseDialog({ run, warnings = [], onClose }: { run: RunToSave; warnings?: string[]; onClose: () => void }) {
  const ws = useWorkspace();
  const nav = useNav();
  const [suites, setSuites] = useState<SavedSuite[]>();
  const [suiteId, setSuiteId] = useState(NEW);
  const [suiteName, setSuiteName] = useState('');
  const [caseName, setCaseName] = useState(() => defaultCaseName(run));
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ws.api.listTestSuites().then((list) => {
      setSuites(list);
      if (list.length) setSuiteId(list[0].id);
      else setSuiteName(run.trace?.apiName ? `${run.trace.apiName} suite` : 'My authorizer');
    }, () => setSuites([]));
    first.current?.focus();
  }, [ws.api, run.trace?.apiName]);

  const made = caseFromRun(run, caseName.trim() || defaultCaseName(run));
  const save = useAction(async () => {
    const target = suites?.find((s) => s.id === suiteId);
    const name = target ? target.name : suiteName.trim();
    if (!name) throw new Error('name the new suite');
    const appended = appendCase(target ? target.text : newSuiteText(name), made);
    if (!appended.ok) throw new Error(`${name}: ${appended.problem}`);
    const saved = await ws.api.saveTestSuite({ id: target?.id, name, text: appended.text });
    onClose();
    nav.openSuite(saved.id, appended.name);
  });

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="save-case-title" data-testid="save-case-dialog">
        <div className="modal-head">
          <h2 id="save-case-title" style={{ margin: 0, fontSize: 15 }}>
            Save as test case
          </h2>
        </div>
        <div className="modal-body">
          <div className="row" style={{ flexWrap: 'wrap', alignItems: 'flex-end' }}>
            <Field label="Case name">
              <input ref={first} value={caseName} onChange={(e) => setCaseName(e.target.value)} style={{ width: 300 }} data-testid="save-case-name" />
            </Field>
            <Field label="Suite">
              <select value={suiteId} onChange={(e) => setSuiteId(e.target.value)} data-testid="save-case-suite">
                {(suites ?? []).map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
                <option value={NEW}>New suite…</option>
              </select>
            </Field>
            {suiteId === NEW && (
              <Field label="New suite name">
                <input value={suiteName} onChange={(e) => setSuiteName(e.target.value)} data-testid="save-case-new-suite" />
              </Field>
            )}
          </div>
          <div className="muted">
            The case is appended to the suite with <code>expect</code> filled from what the gateway did; edit it in the Lab.
          </div>
          <pre style={{ background: 'var(--bg-sunken)', border: '1px solid var(--border)', borderRadius: 6, padding: '8px 10px', maxHeight: 260, overflow: 'auto' }} data-testid="save-case-preview">
            {stringify([made.testCase], { lineWidth: 0 })}
          </pre>
          {made.notes.length + warnings.length > 0 && (
            <div className="note warn" data-testid="save-case-notes">
              <ul style={{ margin: 0 }}>
                {[...warnings, ...made.notes].map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            </div>
          )}
          <InlineError error={save.errors.message} />
          <div className="row" style={{ justifyContent: 'flex-end' }}>
            <button className="btn" onClick={onClose}>
              Cancel
            </button>
            <button className="btn primary" onClick={() => void save.run()} disabled={save.busy || suites === undefined} data-testid="save-case-confirm">
              Add to suite and open
            </button>
          </div>
        </div>
      </div>
    </div>
  );
}

function defaultCaseName(run: RunToSave): string {
  const path = run.request.url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').split('?')[0] || '/';
  return `${run.request.method.toUpperCase()} ${path} → ${run.status}`;
}
