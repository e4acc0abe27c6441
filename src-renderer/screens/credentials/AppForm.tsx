/**
 * An app's name, description, AppKey and AppSecret. Leaving key or secret empty on creation lets the
 * store generate them (32 hex characters, as APIG does). Store messages appear at the fields.
 */
import type { App } from '../../../src-shared/model';
import type { AppInput } from '../../../src-shared/rules/app';
import { EditorFrame } from '../../components/EditorFrame';
import { Field } from '../../components/Field';
import { useRemoveAction, useSaveAction } from '../../lib/entityActions';
import { useFormDraft } from '../../state/useFormDraft';
import { useWorkspace } from '../../state/WorkspaceContext';
import { CopyButton, SecretInput } from './SecretField';

const FIELDS = ['name', 'description', 'appKey', 'appSecret'];

interface Draft {
  name: string;
  description: string;
  appKey: string;
  appSecret: string;
}

const fromApp = (app?: App): Draft => ({ name: app?.name ?? '', description: app?.description ?? '', appKey: app?.appKey ?? '', appSecret: app?.appSecret ?? '' });

export function AppForm({ app, onSaved, onRemoved }: { app?: App; onSaved(app: App): void; onRemoved(): void }) {
  const ws = useWorkspace();
  const { draft, setDraft, dirty } = useFormDraft(app, fromApp);

  const input = (): AppInput => {
    const input: AppInput = { name: draft.name.trim(), description: draft.description };
    // Empty key or secret on creation: the store generates one. On update, empty is a mistake the store reports.
    if (draft.appKey || app) input.appKey = draft.appKey;
    if (draft.appSecret || app) input.appSecret = draft.appSecret;
    return input;
  };
  const save = useSaveAction(app, {
    create: () => ws.api.createApp({ input: input() }),
    update: (id) => ws.api.updateApp({ id, patch: input() }),
    done: onSaved,
  });
  const remove = useRemoveAction(app, {
    what: 'app',
    consequence: 'Its AppCodes and authorizations go with it.',
    remove: (id) => ws.api.removeApp({ id }),
    done: onRemoved,
  });
  const e = save.errors.fields;
  const generate = (field: 'appKey' | 'appSecret') => setDraft({ ...draft, [field]: randomHex(32) });

  return (
    <EditorFrame
      title={app ? `App ${app.name}` : 'New app'}
      isNew={!app}
      dirty={dirty}
      save={save}
      remove={remove}
      shownFields={FIELDS}
      testId="app-form"
      createLabel="Create app"
      saveTestId="save-app"
      removeTestId="delete-app"
    >
      <div className="form">
        <Field label="Name" error={e.name} hint="3–64 characters, starts with a letter; letters, digits and _">
          <input value={draft.name} onChange={(ev) => setDraft({ ...draft, name: ev.target.value })} data-testid="app-name" autoFocus={!app} />
        </Field>
        <Field label="Description" error={e.description}>
          <input value={draft.description} onChange={(ev) => setDraft({ ...draft, description: ev.target.value })} />
        </Field>
        <Field label="AppKey" error={e.appKey} hint={app ? 'Access=… in the Authorization header' : 'Leave empty to generate one'} wide>
          <div className="row nowrap">
            <input className="mono grow" value={draft.appKey} onChange={(ev) => setDraft({ ...draft, appKey: ev.target.value })} placeholder="generated" data-testid="app-key" />
            <button className="btn small" type="button" onClick={() => generate('appKey')}>
              Generate
            </button>
            {draft.appKey && <CopyButton text={draft.appKey} testId="copy-app-key" />}
          </div>
        </Field>
        <Field label="AppSecret" error={e.appSecret} hint={app ? 'The HMAC-SHA256 key; never shown in traces' : 'Leave empty to generate one'} wide>
          <div className="row nowrap">
            <div className="grow">
              <SecretInput value={draft.appSecret} onChange={(appSecret) => setDraft({ ...draft, appSecret })} placeholder="generated" testId="app-secret" ariaLabel="AppSecret" />
            </div>
            <button className="btn small" type="button" onClick={() => generate('appSecret')}>
              Generate
            </button>
          </div>
        </Field>
      </div>
    </EditorFrame>
  );
}

/** Hex from the browser's CSPRNG (the same shape the store generates). */
export function randomHex(length: number): string {
  const bytes = new Uint8Array(Math.ceil(length / 2));
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('').slice(0, length);
}
