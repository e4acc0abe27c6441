/** The code of a local function in Monaco (inline code), or where its file lives (path source). */
import type { FunctionRuntime, FunctionSource } from '../../src-shared/model';
import { CodeEditor, type CodeEditorProps } from '../monaco/CodeEditor';

export interface FunctionCodeProps {
  runtime: FunctionRuntime;
  source: FunctionSource;
  onChange(source: FunctionSource): void;
  error?: string;
  onSave?: () => void;
  onRun?: () => void;
  height?: string;
  markers?: CodeEditorProps['markers'];
  revealLine?: CodeEditorProps['revealLine'];
}

export function FunctionCode({ runtime, source, onChange, error, onSave, onRun, height = '460px', markers, revealLine }: FunctionCodeProps) {
  if (source.kind === 'path') {
    return (
      <div className="note" data-testid="function-path">
        This function's code is read from <code>{source.path}</code>. Edit that file in your own editor; the
        workbench runs it from there.
        <div style={{ marginTop: 8 }}>
          <button className="btn small" onClick={() => onChange({ kind: 'inline', code: '' })}>
            Switch to inline code
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="stack" style={{ gap: 4 }}>
      <CodeEditor
        value={source.code}
        onChange={(code) => onChange({ kind: 'inline', code })}
        language={runtime === 'python' ? 'python' : 'javascript'}
        height={height}
        onSave={onSave}
        onRun={onRun}
        markers={markers}
        revealLine={revealLine}
        testId="code-editor"
      />
      {error && <div className="field-error">{error}</div>}
    </div>
  );
}
