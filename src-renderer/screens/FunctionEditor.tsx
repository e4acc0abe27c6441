/** A local function (FunctionGraph stand-in): code in Monaco, runtime, handler and limits beside it. */
import type { FunctionRuntime, LocalFunction } from '../../src-shared/model';
import { EditorHead } from '../components/EditorHead';
import { ErrorNote } from '../components/ErrorNote';
import { ExternalChangeNote } from '../components/ExternalChangeNote';
import { useExternalChange } from '../state/useExternalChange';
import { Field } from '../components/Field';
import { Section } from '../components/Section';
import { FUNCTION_TEMPLATES } from '../lib/functionTemplates';
import { useShortcuts } from '../lib/shortcuts';
import { useRemoveAction } from '../lib/entityActions';
import { useAction } from '../lib/useAction';
import { useNav } from '../state/NavContext';
import { useTabActive } from '../state/TabActive';
import { useWorkspace } from '../state/WorkspaceContext';
import { FunctionCode } from './FunctionCode';
import { FunctionBindings } from './FunctionBindings';
import { FunctionDebug } from './FunctionDebug';
import { FunctionTestEvents } from '../lab/FunctionTestEvents';
import { useSavedDraft } from '../state/useSavedDraft';

type FunctionDraft = Omit<LocalFunction, 'id' | 'updatedAt'>;
const FIELDS = ['name', 'runtime', 'handler', 'timeoutMs', 'memoryMb', 'description', 'source', 'source.code', 'source.kind'];

const newDraft = (): FunctionDraft => ({
  name: '',
  runtime: 'nodejs',
  handler: 'index.handler',
  source: { kind: 'inline', code: FUNCTION_TEMPLATES.nodejs },
  timeoutMs: 5000,
  memoryMb: 128,
  description: '',
});

function draftOf(f: LocalFunction): FunctionDraft {
  const { id: _i, updatedAt: _u, ...draft } = f;
  return structuredClone(draft);
}

export function FunctionEditor({ functionId, tabKey }: { functionId?: string; tabKey: string }) {
  const ws = useWorkspace();
  const nav = useNav();
  const active = useTabActive();
  const { saved, draft, setDraft, loadError, load, dirty } = useSavedDraft({ id: functionId, fetch: (id) => ws.api.getFunction({ id }), draftOf, newDraft, tabKey });

  // Changed elsewhere (another window, the authorizer editor's Save): follow it unless edits would be lost.
  const external = useExternalChange({
    entity: 'function',
    id: saved?.id,
    saved,
    fetchLatest: (id) => ws.api.getFunction({ id }),
    same: (a, b) => a.updatedAt === b.updatedAt,
    dirty,
    load,
  });
  const save = useAction(async () => {
    if (!draft) return;
    const f = saved ? await ws.api.updateFunction({ id: saved.id, patch: draft }) : await ws.api.createFunction({ input: draft });
    load(f);
    if (!saved) nav.replace(tabKey, { kind: 'function', id: f.id });
  });
  const remove = useRemoveAction(saved, {
    what: 'function',
    remove: (id) => ws.api.removeFunction({ id }),
    done: () => nav.close(tabKey),
  });
  useShortcuts({ s: () => dirty && void save.run() }, active);

  if (loadError) return <div className="screen"><div className="note error">Could not open this function: {loadError}</div></div>;
  if (!draft) return <div className="screen"><span className="spinner" /></div>;
  const e = save.errors.fields;
  const change = (patch: Partial<FunctionDraft>) => setDraft({ ...draft, ...patch });
  const switchRuntime = (runtime: FunctionRuntime) => {
    // A still-untouched template follows the runtime; real code is left alone.
    const untouched = draft.source.kind === 'inline' && draft.source.code === FUNCTION_TEMPLATES[draft.runtime];
    change({ runtime, source: untouched ? { kind: 'inline', code: FUNCTION_TEMPLATES[runtime] } : draft.source });
  };

  return (
    <div className="screen" data-testid="function-editor">
      <EditorHead
        title={
          <>
            {draft.name || 'New function'} <span className="badge">{draft.runtime}</span>
          </>
        }
        dirty={dirty}
        save={save}
        remove={saved && remove}
      />
      <ExternalChangeNote change={external.change} what="This function" onLoad={external.loadLatest} onDismiss={external.dismiss} onClose={() => nav.close(tabKey)} />
      <ErrorNote errors={save.errors} shownFields={FIELDS} />
      <ErrorNote errors={remove.errors} />
      <div className="split">
        <Section title="Code">
          <FunctionCode runtime={draft.runtime} source={draft.source} onChange={(source) => change({ source })} error={e['source.code'] ?? e.source ?? e['source.kind']} onSave={() => void save.run()} />
        </Section>
        <Section title="Settings">
          <Field label="Name" error={e.name} hint="The last segment of the FunctionGraph URN that calls it">
            <input value={draft.name} onChange={(ev) => change({ name: ev.target.value })} data-testid="function-name" />
          </Field>
          <Field label="Runtime" error={e.runtime}>
            <select value={draft.runtime} onChange={(ev) => switchRuntime(ev.target.value as FunctionRuntime)}>
              <option value="nodejs">Node.js</option>
              <option value="python">Python 3</option>
            </select>
          </Field>
          <Field label="Handler" error={e.handler} hint="module.export, e.g. index.handler">
            <input className="mono" value={draft.handler} onChange={(ev) => change({ handler: ev.target.value })} />
          </Field>
          <Field label="Timeout (ms)" error={e.timeoutMs}>
            <input type="number" value={Number.isNaN(draft.timeoutMs) ? '' : draft.timeoutMs} onChange={(ev) => change({ timeoutMs: ev.target.value === '' ? Number.NaN : Number(ev.target.value) })} />
          </Field>
          <Field label="Memory (MB)" error={e.memoryMb}>
            <input type="number" value={Number.isNaN(draft.memoryMb) ? '' : draft.memoryMb} onChange={(ev) => change({ memoryMb: ev.target.value === '' ? Number.NaN : Number(ev.target.value) })} />
          </Field>
          <Field label="Description" error={e.description}>
            <input value={draft.description} onChange={(ev) => change({ description: ev.target.value })} />
          </Field>
        </Section>
      </div>
      {saved && <FunctionTestEvents functionId={saved.id} draft={draft} />}
      {saved && <FunctionDebug fn={saved} />}
      {saved && <FunctionBindings functionId={saved.id} functionName={saved.name} />}
    </div>
  );
}
