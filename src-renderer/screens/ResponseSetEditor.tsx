/**
 * A gateway response set: the error responses (status, body template, headers) per error type.
 * Edited as JSON in Monaco — only customised types are listed; the rest keep APIG's defaults.
 */
import { useEffect, useState } from 'react';
import type { GatewayResponseSet } from '../../src-shared/model';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { Section } from '../components/Section';
import { CodeEditor } from '../monaco/CodeEditor';
import { MOD_LABEL, useShortcuts } from '../lib/shortcuts';
import { useAction } from '../lib/useAction';
import { useTabActive } from '../state/TabActive';
import { useNav } from '../state/NavContext';
import { useWorkspace } from '../state/WorkspaceContext';

const EXAMPLE = `{
  "AUTHORIZER_FAILURE": {
    "status": 401,
    "body": "{\\"error_code\\":\\"$context.error.code\\",\\"error_msg\\":\\"$context.error.message\\",\\"request_id\\":\\"$context.requestId\\"}",
    "headers": []
  }
}`;

export function ResponseSetEditor({ setId, tabKey }: { setId: string; tabKey: string }) {
  const ws = useWorkspace();
  const nav = useNav();
  const active = useTabActive();
  const [saved, setSaved] = useState<GatewayResponseSet>();
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  const [parseError, setParseError] = useState<string>();
  useEffect(() => {
    ws.api.getResponseSet({ id: setId }).then((s) => {
      setSaved(s);
      setName(s.name);
      setText(Object.keys(s.responses).length ? JSON.stringify(s.responses, null, 2) : '{}');
    });
  }, [setId, ws.api]);
  const save = useAction(async () => {
    let responses: GatewayResponseSet['responses'];
    try {
      responses = JSON.parse(text);
      setParseError(undefined);
    } catch (e) {
      setParseError(`Not valid JSON: ${(e as Error).message}`);
      return;
    }
    const s = await ws.api.updateResponseSet({ id: setId, patch: { name, responses } });
    setSaved(s);
    await ws.reload();
  });
  const remove = useAction(async () => {
    if (!saved || !window.confirm(`Delete gateway response set ${saved.name}?`)) return;
    await ws.api.removeResponseSet({ id: saved.id });
    await ws.reload();
    nav.close(tabKey);
  });
  useShortcuts({ s: () => void save.run() }, active);
  if (!saved) return <div className="screen"><span className="spinner" /></div>;
  return (
    <div className="screen">
      <div className="screen-head">
        <h1>Gateway responses: {saved.name}</h1>
        {!saved.isDefault && (
          <button className="btn danger" onClick={() => void remove.run()}>
            Delete
          </button>
        )}
        <button className="btn primary" onClick={() => void save.run()} disabled={save.busy}>
          Save <span className="kbd">{MOD_LABEL}+S</span>
        </button>
      </div>
      <ErrorNote errors={save.errors} shownFields={['name']} />
      <ErrorNote errors={remove.errors} />
      {parseError && <div className="note error">{parseError}</div>}
      <Field label="Name" error={save.errors.fields.name}>
        <input value={name} onChange={(e) => setName(e.target.value)} disabled={saved.isDefault} />
      </Field>
      <Section title="Customised responses">
        <div className="muted">
          Keys are error types (e.g. AUTHORIZER_FAILURE, DEFAULT_4XX). Example:
          <pre className="code-box">{EXAMPLE}</pre>
        </div>
        <CodeEditor value={text} onChange={setText} language="json" height="360px" onSave={() => void save.run()} />
      </Section>
    </div>
  );
}
