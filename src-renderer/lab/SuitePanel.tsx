/**
 * Authorizer test suites in the app: the workspace's suites (pick, create, rename, delete, download
 * as the YAML file the CLI runs), a YAML editor with the suite's diagnostics as markers (the same
 * reader the CLI uses), and a run matrix of cases × result whose rows open their traces. Unsaved
 * edits are kept per suite while switching between them; "Save as test case" lands here.
 */
import { useCallback, useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import { readSuite } from '../../src-shared/lab/suite';
import { suiteCompletions } from '../../src-shared/lab/suite-completion';
import { formatMismatch } from '../../src-shared/lab/expectations';
import { fileNameOf } from '../../src-shared/lab/case-from-run';
import type { SavedSuite } from '../../src-shared/lab/saved-suites';
import type { SuiteResult } from '../../src-shared/lab/suite-result';
import { CodeEditor } from '../monaco/CodeEditor';
import { InlineError } from '../components/ErrorNote';
import { Section } from '../components/Section';
import { errorMessage } from '../lib/errors';
import { useAction } from '../lib/useAction';
import { useNav } from '../state/NavContext';
import { useWorkspace } from '../state/WorkspaceContext';

/** Where the Lab kept its one suite before suites were saved in the workspace. */
const LEGACY_STORAGE_KEY = 'apig-workbench.lab.suite';
const lastSuiteKey = (workspace: string) => `apig-workbench.lab.last-suite:${workspace}`;
/** The key of the suite not saved yet. */
const NEW = '';

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

interface Draft {
  name: string;
  text: string;
  /** updatedAt of the saved suite the edits started from (absent for a new suite). */
  base?: string;
}

export function SuitePanel() {
  const ws = useWorkspace();
  const nav = useNav();
  const [suites, setSuites] = useState<SavedSuite[]>();
  const [selected, setSelected] = useState(NEW);
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [result, setResult] = useState<SuiteResult>();
  const [reveal, setReveal] = useState<{ line: number; column: number; seq: number }>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [error, setError] = useState<string>();

  const saved = suites?.find((s) => s.id === selected);
  const draft = drafts[selected];
  const current: Draft = draft ?? (saved ? { name: saved.name, text: saved.text } : { name: 'My authorizer', text: STARTER });
  const isDirty = (id: string) => {
    const d = drafts[id];
    if (!d) return false;
    const s = suites?.find((x) => x.id === id);
    return !s || s.name !== d.name || s.text !== d.text;
  };
  const dirty = isDirty(selected);
  const anyDirty = Object.keys(drafts).some(isDirty);
  const changedElsewhere = draft && saved && draft.base !== saved.updatedAt && dirty;

  const diagnostics = useMemo(() => readSuite(current.text, current.name).diagnostics, [current.text, current.name]);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;

  // `.then`, not `await`: the list arrives later, never as a synchronous update inside an effect.
  const loadList = useCallback(
    () =>
      ws.api.listTestSuites().then((list) => {
        setSuites(list);
        return list;
      }),
    [ws.api],
  );

  /**
   * Set once a suite is picked, a file opened or the text edited: the first load's pick (the suite
   * shown last) must not replace what the user already chose when the list arrives after it.
   */
  const chosen = useRef(false);
  const select = useCallback(
    (id: string) => {
      chosen.current = true;
      setSelected(id);
      setResult(undefined);
      setConfirmDelete(false);
      if (nav.workspace) localStorage.setItem(lastSuiteKey(nav.workspace), id);
    },
    [nav.workspace],
  );

  // First load: the suite shown last, else the first; with none, the old single suite or the starter.
  const loadFirst = useEffectEvent(() => {
    loadList().then(
      (list) => {
        if (chosen.current) return;
        const last = nav.workspace ? localStorage.getItem(lastSuiteKey(nav.workspace)) : null;
        const pick = list.find((s) => s.id === last) ?? list[0];
        if (pick) setSelected(pick.id);
        else {
          const legacy = localStorage.getItem(LEGACY_STORAGE_KEY);
          if (legacy && legacy !== STARTER) setDrafts((d) => ({ ...d, [NEW]: { name: 'My authorizer', text: legacy } }));
        }
      },
      (e) => setError(errorMessage(e)),
    );
  });
  useEffect(() => loadFirst(), []);

  // Suites change elsewhere ("Save as test case", another window): the list follows; drafts stay.
  useEffect(
    () =>
      ws.onChanges((batch) => {
        if (batch.has('testSuite')) void loadList().catch((e) => setError(errorMessage(e)));
      }),
    [ws, loadList],
  );

  // "Save as test case" opens its suite here with the new case revealed, once per seed, unless the
  // user picked something else before the list arrived.
  const openSeed = useEffectEvent(() => {
    const seed = nav.suiteSeed;
    if (!seed) return;
    // The seed is the newest request: only what the user does from here on may overrule it.
    chosen.current = false;
    void loadList().then((list) => {
      nav.suiteSeedShown(seed.seq);
      const suite = list.find((s) => s.id === seed.suiteId);
      if (!suite || chosen.current) return;
      select(suite.id);
      const text = drafts[suite.id]?.text ?? suite.text;
      const line = seed.caseName ? lineOfCase(text, seed.caseName) : 0;
      if (line) setReveal({ line, column: 1, seq: seed.seq });
    });
  });
  const seedSeq = nav.suiteSeed?.seq;
  useEffect(() => {
    if (seedSeq !== undefined) openSeed();
  }, [seedSeq]);

  useEffect(() => nav.setDirty('lab', anyDirty), [nav, anyDirty]);

  const edit = (patch: Partial<Draft>) => {
    chosen.current = true;
    setDrafts((d) => ({ ...d, [selected]: { ...current, base: d[selected]?.base ?? saved?.updatedAt, ...patch } }));
  };
  const dropDraft = (id: string) =>
    setDrafts((d) => {
      const { [id]: _dropped, ...rest } = d;
      return rest;
    });

  const save = useAction(async () => {
    const suite = await ws.api.saveTestSuite({ id: saved?.id, name: current.name.trim(), text: current.text });
    await loadList();
    dropDraft(selected);
    select(suite.id);
  });
  const remove = useAction(async () => {
    if (!saved) return;
    await ws.api.removeTestSuite({ id: saved.id });
    dropDraft(saved.id);
    const list = await loadList();
    select(list[0]?.id ?? NEW);
  });
  const run = useAction(async () => {
    const reply = await ws.api.runTestSuite({ text: current.text, name: current.name });
    setResult(reply.result);
  });
  /** A suite file from disk (one kept in version control) becomes a new, unsaved suite named after it. */
  const openFile = async (file: File | undefined) => {
    if (!file) return;
    if (isDirty(NEW)) {
      setError(`Save or discard the new suite "${drafts[NEW].name}" first: opening a file starts another new suite`);
      return;
    }
    setError(undefined);
    const name = file.name.replace(/\.(ya?ml|json)$/i, '') || 'suite';
    const taken = new Set((suites ?? []).map((x) => x.name.toLowerCase()));
    let unique = name;
    for (let n = 2; taken.has(unique.toLowerCase()); n++) unique = `${name} (${n})`;
    const text = await file.text();
    setDrafts((d) => ({ ...d, [NEW]: { name: unique, text } }));
    select(NEW);
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([current.text], { type: 'application/yaml' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileNameOf(current.name);
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const options = [...(suites ?? []).map((s) => ({ id: s.id, label: s.name })), ...(saved && !drafts[NEW] ? [] : [{ id: NEW, label: drafts[NEW]?.name ? `${drafts[NEW].name} (not saved)` : 'New suite (not saved)' }])];
  const problem = save.errors.message ?? remove.errors.message ?? error;

  return (
    <Section
      title="Test suite"
      testId="lab-suite"
      actions={
        <div className="row">
          <select value={selected} onChange={(e) => select(e.target.value)} aria-label="Suite" data-testid="lab-suite-pick" style={{ maxWidth: 240 }}>
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {isDirty(o.id) ? `● ${o.label}` : o.label}
              </option>
            ))}
          </select>
          <button className="btn small" onClick={() => select(NEW)} disabled={selected === NEW} data-testid="lab-suite-new">
            New
          </button>
          <button className="btn small" onClick={() => void save.run()} disabled={save.busy || !dirty} title="Ctrl/Cmd+S in the editor" data-testid="lab-suite-save">
            Save
          </button>
          <label className="btn small" title="Open a suite file (YAML or JSON) as a new suite; Save keeps it in the workspace" data-testid="lab-suite-open">
            Open file…
            <input type="file" accept=".yaml,.yml,.json" hidden onChange={(e) => void openFile(e.target.files?.[0]).finally(() => (e.target.value = ''))} data-testid="lab-suite-file" />
          </label>
          <button className="btn small" onClick={download} title="The suite as a YAML file, for version control and the CLI" data-testid="lab-suite-download">
            Download
          </button>
          <button className="btn small" onClick={() => setConfirmDelete(true)} disabled={!saved} data-testid="lab-suite-delete">
            Delete
          </button>
          <button className="btn small primary" onClick={() => void run.run()} disabled={run.busy || errors > 0} data-testid="lab-run-suite" title="Ctrl/Cmd+Enter in the editor">
            {run.busy ? 'Running…' : 'Run suite'}
          </button>
        </div>
      }
    >
      {confirmDelete && saved && (
        <div className="note warn row" role="alert" data-testid="lab-suite-confirm-delete">
          <span className="grow">
            Delete suite <b>{saved.name}</b> from the workspace? A downloaded copy is not affected.
          </span>
          <button className="btn small danger" onClick={() => void remove.run()} data-testid="lab-suite-delete-confirm">
            Delete
          </button>
          <button className="btn small" onClick={() => setConfirmDelete(false)}>
            Cancel
          </button>
        </div>
      )}
      {changedElsewhere && (
        <div className="note warn row" role="alert" data-testid="external-change">
          <span className="grow">This suite was changed elsewhere (a case added from the tester or a trace, another window) while you were editing it. Saving now overwrites that change.</span>
          <button className="btn small" onClick={() => dropDraft(selected)}>
            Load the saved version
          </button>
          <button className="btn small" onClick={() => edit({ base: saved.updatedAt })}>
            Keep mine
          </button>
        </div>
      )}
      <div className="row" style={{ marginBottom: 6 }}>
        <label className="muted" htmlFor="lab-suite-name">
          Name
        </label>
        <input id="lab-suite-name" value={current.name} onChange={(e) => edit({ name: e.target.value })} style={{ width: 280 }} data-testid="lab-suite-name" />
        <span className="muted">{saved ? (dirty ? 'unsaved edits' : 'saved in the workspace') : 'not saved yet'}</span>
      </div>
      <CodeEditor
        value={current.text}
        onChange={(text) => edit({ text })}
        onRun={() => void run.run()}
        onSave={() => dirty && void save.run()}
        language="yaml"
        height="260px"
        markers={diagnostics.map((d) => ({ severity: d.severity, message: d.message, line: d.line, column: d.column }))}
        revealLine={reveal}
        completions={suiteCompletions}
        testId="lab-suite-editor"
      />
      <div className={errors ? 'note error' : 'muted'} style={{ marginTop: 6 }} data-testid="lab-suite-diagnostics">
        {errors ? diagnostics.map((d) => `line ${d.line}: ${d.message}`).join(' · ') : 'The suite reads fine. Cases run in order through the local gateway; each run starts with an empty authorizer cache.'}
      </div>
      <InlineError error={problem ?? run.errors.message} />
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

/** The line of `- name: <name>` in the text (1-based; 0 when not found). */
function lineOfCase(text: string, name: string): number {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => /^\s*-?\s*name:/.test(l) && (l.includes(name) || l.includes(JSON.stringify(name))));
  return at + 1;
}
