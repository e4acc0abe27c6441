/**
 * A custom authorizer: its function's code in Monaco with the authorizer's settings beside it, and
 * the Test panel below. Save (Ctrl/Cmd+S) writes both the authorizer and the function's code.
 */
import { useMemo, useRef, useState } from 'react';
import { functionNameFromUrn, type Authorizer, type FunctionRuntime, type FunctionSource, type LocalFunction } from '../../../src-shared/model';
import type { FunctionInput } from '../../../src-shared/rules/inputs';
import { EditorHead } from '../../components/EditorHead';
import { ErrorNote } from '../../components/ErrorNote';
import { Section } from '../../components/Section';
import { AUTHORIZER_TEMPLATES } from '../../lib/functionTemplates';
import { useShortcuts } from '../../lib/shortcuts';
import { useRemoveAction } from '../../lib/entityActions';
import { useAction } from '../../lib/useAction';
import { useNav } from '../../state/NavContext';
import { useTabActive } from '../../state/TabActive';
import { useWorkspace } from '../../state/WorkspaceContext';
import { FunctionCode } from '../FunctionCode';
import type { CodeErrorLocation } from '../../lib/codeErrors';
import type { EditorMarker } from '../../monaco/CodeEditor';
import { AUTHORIZER_FIELDS, AuthorizerSettings, newAuthorizerDraft, urnForFunction, type AuthorizerDraft } from './AuthorizerSettings';
import { AuthorizerTestPanel } from './AuthorizerTestPanel';
import { useSavedDraft } from '../../state/useSavedDraft';
import { useStoredDraft, useStoredDraftReader } from '../../state/useTabDraft';

/** Unsaved code is stored with the function it was written for. */
interface StoredCode {
  functionId: string;
  source: FunctionSource;
}
const CODE_PART = 'code';

function draftOf(a: Authorizer): AuthorizerDraft {
  const { id: _i, createdAt: _c, updatedAt: _u, ...draft } = a;
  return structuredClone(draft);
}

export function AuthorizerEditor({ authorizerId, tabKey }: { authorizerId?: string; tabKey: string }) {
  const ws = useWorkspace();
  const nav = useNav();
  const active = useTabActive();
  const [source, setSource] = useState<FunctionSource>();
  // Compared with the function below; declared first so the tab's marker covers the code too.
  const [codeDirty, setCodeDirty] = useState(false);
  const { saved, draft, setDraft, loadError, load, dirty: settingsDirty } = useSavedDraft({
    id: authorizerId,
    fetch: (id) => ws.api.getAuthorizer({ id }),
    draftOf,
    newDraft: newAuthorizerDraft,
    tabKey,
    alsoDirty: codeDirty,
  });
  const readStored = useStoredDraftReader(tabKey);
  // Where the last Test run's failure points in the code (a Python SyntaxError's line), marked in Monaco.
  const [codeError, setCodeError] = useState<CodeErrorLocation>();
  const [revealLine, setRevealLine] = useState<{ line: number; column: number; seq: number }>();
  const codeMarkers = useMemo<EditorMarker[]>(() => (codeError ? [{ severity: 'error', ...codeError }] : []), [codeError]);
  const [codeRestored, setCodeRestored] = useState(false);
  const [newRuntime, setNewRuntime] = useState<FunctionRuntime>('nodejs');
  const runTest = useRef<() => void>(undefined);

  // The function as this editor last saved it: the workspace's list catches up with the change event
  // a moment later, and until then the saved code must not look unsaved.
  const [savedFn, setSavedFn] = useState<LocalFunction>();
  const fnName = draft ? functionNameFromUrn(draft.functionUrn) : '';
  const fn = newerOf(ws.functions.find((f) => f.name === fnName), savedFn);
  // The code draft follows the bound function (a new version of it, or another function once the URN
  // changes), adjusted while rendering. The first time, unsaved code from before a reload is restored
  // (if it was for this function).
  const fnVersion = fn && `${fn.id}@${fn.updatedAt}`;
  const [sourceVersion, setSourceVersion] = useState<string>();
  if (fnVersion !== sourceVersion) {
    setSourceVersion(fnVersion);
    if (!fn) setSource(undefined);
    else {
      const stored = codeRestored ? undefined : readStored<StoredCode>(CODE_PART);
      setCodeRestored(true);
      setSource(stored?.functionId === fn.id ? stored.source : structuredClone(fn.source));
    }
  }

  const isCodeDirty = !!fn && !!source && JSON.stringify(source) !== JSON.stringify(fn.source);
  // useSavedDraft (called before the code is known) reports it on the tab.
  if (codeDirty !== isCodeDirty) setCodeDirty(isCodeDirty);
  useStoredDraft(tabKey, CODE_PART, fn && source ? ({ functionId: fn.id, source } satisfies StoredCode) : undefined, isCodeDirty);
  const dirty = settingsDirty || isCodeDirty;

  const fnInput: FunctionInput | undefined = useMemo(
    () => (fn && source ? { name: fn.name, runtime: fn.runtime, handler: fn.handler, source, timeoutMs: fn.timeoutMs, memoryMb: fn.memoryMb, description: fn.description } : undefined),
    [fn, source],
  );

  const saveCode = useAction(async () => {
    if (fn && source && isCodeDirty) setSavedFn(await ws.api.updateFunction({ id: fn.id, patch: { source } }));
  });
  const save = useAction(async () => {
    if (!draft) return;
    // Code first: a broken authorizer setting must not lose the code the user just wrote.
    await saveCode.run();
    const a = saved ? await ws.api.updateAuthorizer({ id: saved.id, patch: draft }) : await ws.api.createAuthorizer({ input: draft });
    load(a);
    if (!saved) nav.replace(tabKey, { kind: 'authorizer', id: a.id });
  });
  const createFunction = useAction(async () => {
    // Never an invented name: a function called "my-authorizer" would be left behind unnoticed.
    const name = fnName || draft?.name;
    if (!draft || !name) return;
    await ws.api.createFunction({ input: { name, runtime: newRuntime, handler: 'index.handler', source: { kind: 'inline', code: AUTHORIZER_TEMPLATES[newRuntime] } } });
    if (!draft.functionUrn) setDraft({ ...draft, functionUrn: urnForFunction(name) });
  });
  const remove = useRemoveAction(saved, {
    what: 'authorizer',
    remove: (id) => ws.api.removeAuthorizer({ id }),
    done: () => nav.close(tabKey),
  });

  useShortcuts({ s: () => dirty && void save.run() }, active);

  if (loadError) return <div className="screen"><div className="note error">Could not open this authorizer: {loadError}</div></div>;
  if (!draft) return <div className="screen"><span className="spinner" /></div>;

  return (
    <div className="screen" data-testid="authorizer-editor">
      <EditorHead
        title={
          <>
            {draft.name || 'New authorizer'}
            <span className="badge">{draft.type.toLowerCase()}</span>
          </>
        }
        dirty={dirty}
        save={save}
        remove={saved && remove}
      />
      <ErrorNote errors={save.errors} shownFields={AUTHORIZER_FIELDS.concat(Object.keys(save.errors.fields).filter((f) => f.startsWith('identities[')))} />
      <ErrorNote errors={remove.errors} />
      <div className="split">
        <Section title={fn ? `Function ${fn.name} (${fn.runtime})` : 'Function'} testId="authorizer-code">
          {fn && source ? (
            <FunctionCode
              runtime={fn.runtime}
              source={source}
              onChange={setSource}
              error={saveCode.errors.fields['source.code'] ?? saveCode.errors.message ?? saveCode.errors.issues.map((i) => i.message).join('; ')}
              onSave={() => void save.run()}
              onRun={() => runTest.current?.()}
              height="560px"
              markers={codeMarkers}
              revealLine={revealLine}
            />
          ) : (
            <div className="empty" style={{ margin: '24px auto' }}>
              <div>{fnName ? <>No local function named <code>{fnName}</code> yet.</> : 'This authorizer runs a function. Create one with starter code:'}</div>
              <div className="row">
                <select value={newRuntime} onChange={(e) => setNewRuntime(e.target.value as FunctionRuntime)}>
                  <option value="nodejs">Node.js</option>
                  <option value="python">Python</option>
                </select>
                <button className="btn primary" onClick={() => void createFunction.run()} disabled={createFunction.busy || !(fnName || draft.name)} data-testid="create-function">
                  Create function {fnName || draft.name}
                </button>
              </div>
              {!(fnName || draft.name) && (
                <div className="muted" data-testid="create-function-hint">
                  Name the authorizer (or write the function URN) first: the function takes that name.
                </div>
              )}
              <ErrorNote errors={createFunction.errors} />
            </div>
          )}
        </Section>
        <Section title="Settings">
          <AuthorizerSettings draft={draft} onChange={(patch) => setDraft({ ...draft, ...patch })} errors={save.errors} />
        </Section>
      </div>
      <AuthorizerTestPanel
        authorizerId={saved?.id}
        draft={draft}
        fn={fnInput}
        functionId={fn?.id}
        runRef={runTest}
        onCodeError={setCodeError}
        onRevealCode={(at) => setRevealLine({ line: at.line, column: at.column, seq: (revealLine?.seq ?? 0) + 1 })}
      />
    </div>
  );
}

/** The listed function, or the same function as saved here when that is the newer version. */
function newerOf(listed: LocalFunction | undefined, saved: LocalFunction | undefined): LocalFunction | undefined {
  return listed && saved?.id === listed.id && saved.updatedAt >= listed.updatedAt ? saved : listed;
}
