/**
 * One API: frontend definition, request parameters, backend and its parameter mapping, publishing.
 * Edits stay a draft until saved (Ctrl/Cmd+S); the store's validation messages appear at the fields.
 */
import { EditorHead } from '../../components/EditorHead';
import { ErrorNote } from '../../components/ErrorNote';
import { ExternalChangeNote } from '../../components/ExternalChangeNote';
import { useExternalChange } from '../../state/useExternalChange';
import { EmptyState } from '../../components/EmptyState';
import { MethodBadge } from '../../components/MethodBadge';
import { useShortcuts } from '../../lib/shortcuts';
import { useRemoveAction } from '../../lib/entityActions';
import { useAction } from '../../lib/useAction';
import { useNav } from '../../state/NavContext';
import { useTabActive } from '../../state/TabActive';
import { useWorkspace } from '../../state/WorkspaceContext';
import { BackendParamsTable } from './BackendParamsTable';
import { BackendSection } from './BackendSection';
import { draftFromApi, draftToInput, groupHasEchoHost, newApiDraft, type ApiDraft } from './draft';
import { FRONTEND_FIELDS, FrontendSection } from './FrontendSection';
import { PublishPanel } from './PublishPanel';
import { RequestParamsTable } from './RequestParamsTable';
import { ApiPoliciesSection } from '../policies/ApiPoliciesSection';
import { BackendPoliciesEditor } from '../policies/BackendPoliciesEditor';
import { useSavedDraft } from '../../state/useSavedDraft';

export function ApiEditor({ apiId, groupId, tabKey }: { apiId?: string; groupId?: string; tabKey: string }) {
  const ws = useWorkspace();
  const nav = useNav();
  const active = useTabActive();
  const { saved, draft, setDraft, loadError, load, dirty } = useSavedDraft({
    id: apiId,
    fetch: (id) => ws.api.getApi({ id }),
    draftOf: draftFromApi,
    newDraft: () => {
      const gid = groupId ?? ws.groups[0]?.id ?? '';
      return newApiDraft(gid, groupHasEchoHost(gid, ws.variables));
    },
    tabKey,
  });

  // A new-API tab opened before any group existed picks up the first group once there is one
  // (adjusted while rendering: the draft follows the group list without a frame in between).
  if (draft && !draft.groupId && ws.groups[0]) setDraft({ ...draft, groupId: ws.groups[0].id });

  // Changed by someone else: take the new version silently when there is nothing to lose, else ask.
  const external = useExternalChange({
    entity: 'api',
    id: saved?.id,
    saved,
    fetchLatest: (id) => ws.api.getApi({ id }),
    same: (a, b) => a.updatedAt === b.updatedAt,
    dirty,
    load,
  });

  const save = useAction(async () => {
    if (!draft) return;
    const api = saved ? await ws.api.updateApi({ id: saved.id, patch: draftToInput(draft) }) : await ws.api.createApi({ input: draftToInput(draft) });
    load(api);
    if (!saved) nav.replace(tabKey, { kind: 'api', id: api.id });
  });
  const clone = useAction(async () => {
    if (!saved) return;
    const copy = await ws.api.cloneApi({ id: saved.id });
    nav.open({ kind: 'api', id: copy.id });
  });
  const remove = useRemoveAction(saved, {
    what: 'API',
    consequence: 'Its publications are removed too.',
    remove: (id) => ws.api.removeApi({ id }),
    done: () => nav.close(tabKey),
  });

  useShortcuts({ s: () => dirty && void save.run() }, active);

  if (loadError) return <div className="screen"><div className="note error">Could not open this API: {loadError}</div></div>;
  if (!draft) return <div className="screen"><span className="spinner" /></div>;
  if (ws.groups.length === 0) {
    return (
      <EmptyState title="Create a group first" actions={<button className="btn primary" onClick={() => nav.open({ kind: 'new-group', seq: Date.now() })}>New group</button>}>
        APIs live in API groups. Create a group, or import a definition file, and then add APIs to it.
      </EmptyState>
    );
  }
  const change = (patch: Partial<ApiDraft>) => setDraft({ ...draft, ...patch });
  const errors = save.errors;
  const shownFields = Object.keys(errors.fields).filter(
    (f) => FRONTEND_FIELDS.includes(f) || f.startsWith('backend') || f.startsWith('requestParams'), // backend* covers backendPolicies[…]
  );

  return (
    <div className="screen" data-testid="api-editor">
      <EditorHead
        title={
          <>
            <MethodBadge method={draft.method} />
            {draft.name || 'New API'}
            <span className="muted mono" style={{ fontWeight: 400 }}>{draft.path}</span>
          </>
        }
        dirty={dirty}
        save={save}
        remove={saved && remove}
      >
        {saved && (
          <>
            <button className="btn" onClick={() => nav.tryApi(saved.id)} data-testid="try-api">
              Try it
            </button>
            <button className="btn" onClick={() => void clone.run()} disabled={clone.busy}>
              Clone
            </button>
          </>
        )}
      </EditorHead>
      <ExternalChangeNote change={external.change} what="This API" onLoad={external.loadLatest} onDismiss={external.dismiss} onClose={() => nav.close(tabKey)} />
      <ErrorNote errors={errors} shownFields={shownFields} />
      <ErrorNote errors={clone.errors} />
      <ErrorNote errors={remove.errors} />
      <FrontendSection draft={draft} onChange={change} errors={errors} />
      <RequestParamsTable params={draft.requestParams} onChange={(requestParams) => change({ requestParams })} errors={errors} />
      <BackendSection backend={draft.backend} groupId={draft.groupId} onChange={(backend) => change({ backend })} errors={errors} />
      <BackendParamsTable
        params={draft.backend.params}
        requestParams={draft.requestParams}
        frontendAuthorizerId={draft.authorizerId}
        backendAuthorizerId={draft.backend.authorizerId}
        onChange={(params) => change({ backend: { ...draft.backend, params } })}
        errors={errors}
      />
      <BackendPoliciesEditor
        policies={draft.backendPolicies ?? []}
        requestParams={draft.requestParams}
        frontendAuthorizerId={draft.authorizerId}
        // An empty list clears saved policies (the store drops []); with none saved, leave the field out.
        onChange={(backendPolicies) => change({ backendPolicies: backendPolicies.length || saved?.backendPolicies ? backendPolicies : undefined })}
        errors={errors}
      />
      {saved && <ApiPoliciesSection apiId={saved.id} />}
      {saved ? <PublishPanel apiId={saved.id} dirty={dirty} /> : <div className="muted">Save the API to publish it to an environment.</div>}
    </div>
  );
}
