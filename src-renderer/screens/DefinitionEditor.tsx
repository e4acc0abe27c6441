/**
 * The OpenAPI editor: open an APIG definition file (Swagger 2.0 / OpenAPI 3.0 with x-apigateway-*,
 * YAML or JSON), see the importer's diagnostics as live markers while typing, and import it.
 */
import { useEffect, useRef, useState } from 'react';
import type { CheckDefinitionResult, ImportDefinitionResult } from '../../src-shared/contract';
import { DiagnosticList } from '../components/DiagnosticList';
import { ErrorNote } from '../components/ErrorNote';
import { EmptyState } from '../components/EmptyState';
import { Section } from '../components/Section';
import { CodeEditor } from '../monaco/CodeEditor';
import { errorMessage } from '../lib/errors';
import { useAction } from '../lib/useAction';
import { useDebounced } from '../lib/useDebounced';
import { useNav } from '../state/NavContext';
import { useWorkspace } from '../state/WorkspaceContext';

/** Long enough to not re-check on every keystroke, short enough to feel live. */
const CHECK_DELAY_MS = 350;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function languageOf(filename: string): 'json' | 'yaml' {
  return /\.json$/i.test(filename) ? 'json' : 'yaml';
}

export function DefinitionEditor() {
  const ws = useWorkspace();
  const nav = useNav();
  const [filename, setFilename] = useState<string>();
  const [text, setText] = useState('');
  const [check, setCheck] = useState<CheckDefinitionResult>();
  const [checkError, setCheckError] = useState<string>();
  const [reveal, setReveal] = useState<{ line: number; column: number; seq: number }>();
  const [groupId, setGroupId] = useState('');
  const [mode, setMode] = useState<'merge' | 'override'>('merge');
  const [publishEnvId, setPublishEnvId] = useState('');
  const [imported, setImported] = useState<ImportDefinitionResult>();
  const fileInput = useRef<HTMLInputElement>(null);
  const settled = useDebounced(text, CHECK_DELAY_MS);

  useEffect(() => {
    if (!filename) return;
    let live = true;
    ws.api.checkDefinition({ text: settled, filename }).then(
      (r) => {
        if (!live) return;
        setCheck(r);
        setCheckError(undefined);
      },
      (e) => live && setCheckError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [settled, filename, ws.api]);

  const openFile = async (file: File) => {
    setFilename(file.name);
    setText(await file.text());
    setImported(undefined);
    setCheck(undefined);
  };
  const startNew = () => {
    setFilename('definition.yaml');
    setText(STARTER);
    setImported(undefined);
  };
  const doImport = useAction(async () => {
    if (!filename) return;
    const result = await ws.api.importDefinition({ text, filename, groupId: groupId || undefined, mode, extendMode: mode, publishEnvId: publishEnvId || undefined });
    setImported(result);
  });

  const errors = check?.diagnostics.filter((d) => d.severity === 'error').length ?? 0;
  const warnings = (check?.diagnostics.length ?? 0) - errors;

  return (
    <div className="screen" data-testid="definition-editor">
      <div className="screen-head">
        <h1>Import definition {filename && <span className="muted mono" style={{ fontWeight: 400 }}>{filename}</span>}</h1>
        <input ref={fileInput} type="file" accept=".yaml,.yml,.json" style={{ display: 'none' }} onChange={(e) => e.target.files?.[0] && void openFile(e.target.files[0])} data-testid="definition-file" />
        <button className="btn" onClick={() => fileInput.current?.click()}>
          Open file…
        </button>
        {filename && (
          <button className="btn" onClick={startNew}>
            New
          </button>
        )}
      </div>
      {!filename ? (
        <EmptyState
          title="Bring in an APIG definition"
          actions={
            <>
              <button className="btn primary" onClick={() => fileInput.current?.click()}>
                Open a YAML or JSON file
              </button>
              <button className="btn" onClick={startNew}>
                Start from a small example
              </button>
            </>
          }
        >
          Open a Swagger 2.0 or OpenAPI 3.0 file exported from APIG (with <code>x-apigateway-*</code> extensions). Problems are marked in the editor as you type; import adds its APIs, authorizers and responses to this workspace.
        </EmptyState>
      ) : (
        <div className="split">
          <div className="stack">
            <CodeEditor value={text} onChange={setText} language={languageOf(filename)} height="calc(100vh - 200px)" markers={check?.diagnostics} revealLine={reveal} testId="definition-code" />
          </div>
          <div className="stack">
            <Section title="Problems" actions={<span className="row"><span className={`badge ${errors ? 'err' : 'ok'}`} data-testid="error-count">{plural(errors, 'error')}</span><span className={`badge ${warnings ? 'warn' : ''}`}>{plural(warnings, 'warning')}</span></span>}>
              {checkError && <div className="note error">{checkError}</div>}
              {check ? <DiagnosticList diagnostics={check.diagnostics} filename={filename ?? ''} onPick={(d) => setReveal({ line: d.line, column: d.column, seq: Date.now() })} testId="diagnostics" /> : <span className="spinner" />}
            </Section>
            <Section title="Import">
              {check?.summary && (
                <div data-testid="import-summary">
                  Group <b>{check.summary.groupName}</b> · {check.summary.apis} APIs · {check.summary.authorizers} authorizers · {check.summary.responseSets} response sets · {check.summary.version === '2.0' ? 'Swagger 2.0' : `OpenAPI ${check.summary.version}`}
                </div>
              )}
              <div className="row">
                <select value={groupId} onChange={(e) => setGroupId(e.target.value)} aria-label="Target group">
                  <option value="">Group named in the file{check?.summary ? ` (${check.summary.groupName})` : ''}</option>
                  {ws.groups.map((g) => (
                    <option key={g.id} value={g.id}>
                      into {g.name}
                    </option>
                  ))}
                </select>
                <select value={mode} onChange={(e) => setMode(e.target.value as 'merge' | 'override')} aria-label="Import mode" title="When an API, authorizer or response set of the same name or route exists">
                  <option value="merge">Keep existing (merge)</option>
                  <option value="override">Overwrite existing</option>
                </select>
                <select value={publishEnvId} onChange={(e) => setPublishEnvId(e.target.value)} aria-label="Publish to">
                  <option value="">Do not publish</option>
                  {ws.environments.map((env) => (
                    <option key={env.id} value={env.id}>
                      publish to {env.name}
                    </option>
                  ))}
                </select>
                <button className="btn primary" onClick={() => void doImport.run()} disabled={doImport.busy || errors > 0} title={errors > 0 ? 'Fix the errors first' : ''} data-testid="import">
                  Import
                </button>
              </div>
              <ErrorNote errors={doImport.errors} />
              {imported && <ImportOutcome result={imported} filename={filename} onOpenGroup={(id) => nav.open({ kind: 'group', id })} />}
            </Section>
          </div>
        </div>
      )}
    </div>
  );
}

function ImportOutcome({ result, filename, onOpenGroup }: { result: ImportDefinitionResult; filename: string; onOpenGroup(id: string): void }) {
  if (!result.applied) {
    return (
      <div className="note error" data-testid="import-result">
        Nothing was imported (an import is all or nothing):
        <DiagnosticList diagnostics={result.diagnostics.filter((d) => d.severity === 'error')} filename={filename} />
      </div>
    );
  }
  return (
    <div className="note ok stack" data-testid="import-result">
      <div className="row">
        <span>
          Imported into {result.group?.created ? 'new group' : 'group'} <b>{result.group?.name}</b>: {result.created} created, {result.updated} updated
          {result.ignored.length > 0 && `, ${result.ignored.length} kept as they were`}
          {result.published.length > 0 && `; published to ${result.published.join(', ')}`}.
        </span>
        {result.groupId && (
          <button className="btn small" onClick={() => onOpenGroup(result.groupId!)}>
            Open group
          </button>
        )}
      </div>
      {result.ignored.length > 0 && (
        <div className="muted">Kept (same name or route exists; choose “Overwrite existing” to replace): {result.ignored.map((a) => `${a.method} ${a.path}`).join(', ')}</div>
      )}
      {result.missingFunctions.length > 0 && (
        <div className="note warn">
          The file calls functions this workspace does not have: {result.missingFunctions.join(', ')}. Create them under Functions to run those APIs locally.
        </div>
      )}
    </div>
  );
}

const STARTER = `swagger: "2.0"
info:
  title: demo_group
  version: "1.0"
paths:
  /hello:
    get:
      operationId: hello
      x-apigateway-backend:
        type: MOCK
        mockEndpoints:
          result-content: '{"hello":"world"}'
      responses:
        default:
          description: ok
`;
