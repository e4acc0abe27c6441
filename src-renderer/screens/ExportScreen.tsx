/** Export a group as an APIG definition: drafts or what an environment serves, 2.0/3.0, JSON/YAML. */
import { useState } from 'react';
import type { ExportDefinitionResult, ExportScope } from '../../src-shared/contract';
import { DiagnosticList } from '../components/DiagnosticList';
import { EmptyState } from '../components/EmptyState';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { Section } from '../components/Section';
import { CodeEditor } from '../monaco/CodeEditor';
import { useAction } from '../lib/useAction';
import { nextSeq, useNav } from '../state/NavContext';
import { useWorkspace } from '../state/WorkspaceContext';

export function ExportScreen() {
  const ws = useWorkspace();
  const nav = useNav();
  const [groupId, setGroupId] = useState('');
  const [envId, setEnvId] = useState('');
  const [scope, setScope] = useState<ExportScope>('spec');
  const [infoVersion, setInfoVersion] = useState('');
  const [version, setVersion] = useState<'2.0' | '3.0'>('2.0');
  const [format, setFormat] = useState<'json' | 'yaml'>('yaml');
  const [result, setResult] = useState<ExportDefinitionResult>();
  const gid = groupId || ws.groups[0]?.id || '';
  const run = useAction(async () => setResult(await ws.api.exportDefinition({ groupId: gid, envId: scope === 'dev' ? undefined : envId || undefined, scope, version, format, infoVersion: infoVersion || undefined })));

  if (ws.groups.length === 0) {
    return (
      <EmptyState title="Nothing to export yet" actions={<button className="btn primary" onClick={() => nav.open({ kind: 'new-group', seq: nextSeq() })}>New group</button>}>
        Export writes a group's APIs as a file APIG can import. Create a group and some APIs first.
      </EmptyState>
    );
  }
  const download = () => {
    if (!result) return;
    const url = URL.createObjectURL(new Blob([result.text], { type: format === 'json' ? 'application/json' : 'application/yaml' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = result.filename;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <div className="screen" data-testid="export-screen">
      <div className="screen-head">
        <h1>Export definition</h1>
      </div>
      <Section title="What to export">
        <div className="form">
          <Field label="Group">
            <select value={gid} onChange={(e) => setGroupId(e.target.value)}>
              {ws.groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Scope" hint="APIG's export types">
            <select value={scope} onChange={(e) => setScope(e.target.value as ExportScope)} data-testid="export-scope">
              <option value="spec">Basic definition (spec)</option>
              <option value="proxy">Full definition (proxy)</option>
              <option value="all">Extended definition (all)</option>
              <option value="dev">Drafts, unpublished (dev)</option>
            </select>
          </Field>
          <Field label="Environment" hint={scope === 'dev' ? 'Drafts do not depend on an environment' : 'What is published there'}>
            <select value={envId} onChange={(e) => setEnvId(e.target.value)} disabled={scope === 'dev'}>
              {ws.environments.map((env) => (
                <option key={env.id} value={env.name === 'RELEASE' ? '' : env.id}>
                  {env.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="info.version" hint="Default: the export time, as APIG writes it">
            <input value={infoVersion} onChange={(e) => setInfoVersion(e.target.value)} placeholder="e.g. 1.0.0" />
          </Field>
          <Field label="Version">
            <select value={version} onChange={(e) => setVersion(e.target.value as '2.0' | '3.0')}>
              <option value="2.0">Swagger 2.0</option>
              <option value="3.0">OpenAPI 3.0</option>
            </select>
          </Field>
          <Field label="Format">
            <select value={format} onChange={(e) => setFormat(e.target.value as 'json' | 'yaml')}>
              <option value="yaml">YAML</option>
              <option value="json">JSON</option>
            </select>
          </Field>
        </div>
        <div className="row">
          <button className="btn primary" onClick={() => void run.run()} disabled={run.busy} data-testid="run-export">
            Export
          </button>
          {result && (
            <button className="btn" onClick={download}>
              Download {result.filename}
            </button>
          )}
        </div>
        <ErrorNote errors={run.errors} />
      </Section>
      {result && (
        <>
          <Section title="Pre-flight check">
            <div className="muted">Problems APIG would reject this file for. The file is written either way.</div>
            <DiagnosticList diagnostics={result.preflight} filename={result.filename} testId="preflight" />
          </Section>
          <Section title={result.filename}>
            <CodeEditor value={result.text} language={format} readOnly height="420px" />
          </Section>
        </>
      )}
    </div>
  );
}
