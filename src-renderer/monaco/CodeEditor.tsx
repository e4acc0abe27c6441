/**
 * A controlled Monaco editor. The model is created once per editor; outside value changes (a reload,
 * a curl paste) are pushed in only when they differ, so typing never loses the cursor.
 */
import { useEffect, useEffectEvent, useRef } from 'react';
import { monaco } from './setup';

export interface EditorMarker {
  severity: 'error' | 'warning';
  message: string;
  /** 1-based; 0 = unknown (shown on line 1). */
  line: number;
  column: number;
}

export interface CodeEditorProps {
  value: string;
  onChange?: (value: string) => void;
  language: 'javascript' | 'python' | 'json' | 'yaml' | 'plaintext';
  readOnly?: boolean;
  /** CSS height of the editor box. */
  height?: string;
  markers?: EditorMarker[];
  /** Called by Ctrl/Cmd+S inside the editor (Monaco would otherwise swallow the key). */
  onSave?: () => void;
  /** Called by Ctrl/Cmd+Enter inside the editor. */
  onRun?: () => void;
  /** Reveals this line when it changes (e.g. a diagnostic was clicked). */
  revealLine?: { line: number; column: number; seq: number };
  testId?: string;
  /**
   * Completion for this editor only (other editors of the language are not affected); `line` and
   * `column` are 1-based. Read when the user asks (typing or Ctrl+Space), so it may change freely.
   */
  completions?: (text: string, line: number, column: number) => EditorCompletion[];
}

export interface EditorCompletion {
  label: string;
  kind: 'key' | 'value';
  insertText: string;
  doc: string;
}

const MARKER_OWNER = 'apig-workbench';

export function CodeEditor(props: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  // Read by the listeners registered once at mount: always the latest props, never a reason to re-create.
  const onChange = useEffectEvent((value: string) => props.onChange?.(value));
  const onSave = useEffectEvent(() => props.onSave?.());
  const onRun = useEffectEvent(() => props.onRun?.());
  const completionsAt = useEffectEvent((text: string, line: number, column: number) => props.completions?.(text, line, column) ?? []);
  // The editor is created once, from the props of that moment; the effects below apply later changes.
  const initialOptions = useEffectEvent(() => ({ value: props.value, language: props.language, readOnly: props.readOnly }));
  const completes = useEffectEvent(() => props.completions !== undefined);

  useEffect(() => {
    const editor = monaco.editor.create(host.current!, {
      ...initialOptions(),
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      tabSize: 2,
      renderLineHighlight: 'line',
      fixedOverflowWidgets: true,
    });
    editorRef.current = editor;
    const sub = editor.onDidChangeModelContent(() => onChange(editor.getValue()));
    // Actions, not addCommand: Monaco registers a command's key for every editor on the page (the
    // last one created wins), and a screen with two editors would then save from the wrong one.
    const save = editor.addAction({ id: 'apig.save', label: 'Save', keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS], run: () => onSave() });
    const run = editor.addAction({ id: 'apig.run', label: 'Run', keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter], run: () => onRun() });
    const model = editor.getModel();
    // Registered per language, so each editor that completes answers for its own model only.
    const completion =
      completes() &&
      monaco.languages.registerCompletionItemProvider(initialOptions().language, {
        triggerCharacters: [' ', ':'],
        provideCompletionItems(asked, position) {
          if (asked !== model) return { suggestions: [] };
          const word = asked.getWordUntilPosition(position);
          const range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word.startColumn, endColumn: word.endColumn };
          const suggestions = completionsAt(asked.getValue(), position.lineNumber, position.column).map((c) => ({
            label: c.label,
            kind: c.kind === 'key' ? monaco.languages.CompletionItemKind.Property : monaco.languages.CompletionItemKind.EnumMember,
            insertText: c.insertText,
            documentation: c.doc,
            range,
          }));
          return { suggestions };
        },
      });
    return () => {
      sub.dispose();
      save.dispose();
      run.dispose();
      if (completion) completion.dispose();
      editor.getModel()?.dispose();
      editor.dispose();
      editorRef.current = null;
    };
  }, []);

  useEffect(() => {
    const editor = editorRef.current;
    if (editor && editor.getValue() !== props.value) editor.setValue(props.value);
  }, [props.value]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model) monaco.editor.setModelLanguage(model, props.language);
  }, [props.language]);

  useEffect(() => {
    editorRef.current?.updateOptions({ readOnly: props.readOnly });
  }, [props.readOnly]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    const markers = (props.markers ?? []).map((m) => {
      const line = Math.min(Math.max(m.line, 1), model.getLineCount());
      const column = Math.max(m.column, 1);
      // Underline from the reported position to the end of that line's token run.
      const endColumn = Math.max(model.getLineMaxColumn(line), column + 1);
      return {
        severity: m.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
        message: m.message,
        startLineNumber: line,
        startColumn: column,
        endLineNumber: line,
        endColumn,
      };
    });
    monaco.editor.setModelMarkers(model, MARKER_OWNER, markers);
  }, [props.markers]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !props.revealLine) return;
    const { line, column } = props.revealLine;
    editor.revealLineInCenter(Math.max(line, 1));
    editor.setPosition({ lineNumber: Math.max(line, 1), column: Math.max(column, 1) });
    editor.focus();
  }, [props.revealLine]);

  return <div className="code-editor" ref={host} style={{ height: props.height ?? '320px' }} data-testid={props.testId} />;
}
