/**
 * A throttling policy: API, user, app and IP limits per interval, exclusive (each bound API counted
 * alone) or shared (all bound APIs share the counters), and special thresholds for apps or tenants.
 */
import { THROTTLE_TIME_UNITS, type App, type ThrottlePolicy, type ThrottleSpecial, type ThrottleTimeUnit } from '../../../src-shared/model';
import type { ThrottleInput } from '../../../src-shared/rules/policies';
import { Field } from '../../components/Field';
import { useRemoveAction, useSaveAction } from '../../lib/entityActions';
import { useWorkspace } from '../../state/WorkspaceContext';
import { EditorFrame } from '../../components/EditorFrame';
import { EditableTable } from '../../components/EditableTable';
import { useFormDraft } from '../../state/useFormDraft';
import { messagesUnder } from '../../lib/errors';
import { numberText, optionalNumber, requiredNumber } from './policyKinds';

interface Draft {
  name: string;
  apiCallLimits: string;
  userCallLimits: string;
  appCallLimits: string;
  ipCallLimits: string;
  timeInterval: string;
  timeUnit: ThrottleTimeUnit;
  type: 1 | 2;
  specials: { objectType: 'APP' | 'USER'; objectId: string; callLimits: string }[];
  remark: string;
}

const fromPolicy = (p?: ThrottlePolicy): Draft => ({
  name: p?.name ?? '',
  apiCallLimits: numberText(p?.apiCallLimits ?? 100),
  userCallLimits: numberText(p?.userCallLimits),
  appCallLimits: numberText(p?.appCallLimits),
  ipCallLimits: numberText(p?.ipCallLimits),
  timeInterval: numberText(p?.timeInterval ?? 1),
  timeUnit: p?.timeUnit ?? 'SECOND',
  type: p?.type ?? 1,
  specials: (p?.specials ?? []).map((s) => ({ objectType: s.objectType, objectId: s.objectId, callLimits: String(s.callLimits) })),
  remark: p?.remark ?? '',
});

function toInput(d: Draft): ThrottleInput {
  return {
    name: d.name.trim(),
    apiCallLimits: requiredNumber(d.apiCallLimits),
    // null clears a limit on update; the store reads null as "no limit".
    userCallLimits: optionalNumber(d.userCallLimits) as number | undefined,
    appCallLimits: optionalNumber(d.appCallLimits) as number | undefined,
    ipCallLimits: optionalNumber(d.ipCallLimits) as number | undefined,
    timeInterval: requiredNumber(d.timeInterval),
    timeUnit: d.timeUnit,
    type: d.type,
    specials: d.specials.map((s): ThrottleSpecial => ({ objectType: s.objectType, objectId: s.objectId.trim(), callLimits: requiredNumber(s.callLimits) })),
    remark: d.remark,
  };
}

const FIELDS = ['name', 'apiCallLimits', 'userCallLimits', 'appCallLimits', 'ipCallLimits', 'timeInterval', 'timeUnit', 'type', 'remark', 'specials'];

export function ThrottleEditor({ policy, apps, onSaved, onRemoved }: { policy?: ThrottlePolicy; apps: App[]; onSaved(p: ThrottlePolicy): void; onRemoved(): void }) {
  const ws = useWorkspace();
  const { draft, setDraft, dirty } = useFormDraft(policy, fromPolicy);
  const save = useSaveAction(policy, {
    create: () => ws.api.createThrottle({ input: toInput(draft) }),
    update: (id) => ws.api.updateThrottle({ id, patch: toInput(draft) }),
    done: onSaved,
  });
  const remove = useRemoveAction(policy, {
    what: 'throttling policy',
    remove: (id) => ws.api.removeThrottle({ id }),
    done: onRemoved,
  });
  const e = save.errors.fields;
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const shown = [...FIELDS, ...draft.specials.flatMap((_, i) => [`specials[${i}].objectType`, `specials[${i}].objectId`, `specials[${i}].callLimits`])];

  const limit = (label: string, field: 'apiCallLimits' | 'userCallLimits' | 'appCallLimits' | 'ipCallLimits', hint: string) => (
    <Field label={label} error={e[field]} hint={hint}>
      <input type="number" min={1} value={draft[field]} onChange={(ev) => set({ [field]: ev.target.value })} data-testid={`throttle-${field}`} placeholder={field === 'apiCallLimits' ? '' : 'no limit'} />
    </Field>
  );

  return (
    <EditorFrame title={policy ? `Throttling policy ${policy.name}` : 'New throttling policy'} isNew={!policy} dirty={dirty} save={save} remove={remove} shownFields={shown} testId="throttle-editor">
      <div className="form">
        <Field label="Name" error={e.name}>
          <input value={draft.name} onChange={(ev) => set({ name: ev.target.value })} data-testid="policy-name" />
        </Field>
        <Field label="Type" error={e.type} hint={draft.type === 1 ? 'Each bound API has its own counters' : 'All bound APIs share the counters'}>
          <div className="segmented" role="radiogroup" aria-label="Throttle type">
            <button className={draft.type === 1 ? 'on' : ''} onClick={() => set({ type: 1 })} data-testid="throttle-type-exclusive">
              Exclusive
            </button>
            <button className={draft.type === 2 ? 'on' : ''} onClick={() => set({ type: 2 })} data-testid="throttle-type-shared">
              Shared
            </button>
          </div>
        </Field>
        <Field label="Period" error={e.timeInterval ?? e.timeUnit} hint="Limits count calls per this period">
          <div className="row nowrap">
            <input type="number" min={1} value={draft.timeInterval} onChange={(ev) => set({ timeInterval: ev.target.value })} style={{ width: 80 }} data-testid="throttle-interval" />
            <select value={draft.timeUnit} onChange={(ev) => set({ timeUnit: ev.target.value as ThrottleTimeUnit })} data-testid="throttle-unit">
              {THROTTLE_TIME_UNITS.map((u) => (
                <option key={u} value={u}>
                  {u.toLowerCase()}
                </option>
              ))}
            </select>
          </div>
        </Field>
        {limit('API limit', 'apiCallLimits', 'Calls to each API (required)')}
        {limit('User limit', 'userCallLimits', 'Per IAM user / tenant; ≤ API limit')}
        {limit('App limit', 'appCallLimits', 'Per app; ≤ user limit')}
        {limit('IP limit', 'ipCallLimits', 'Per source IP; ≤ API limit')}
        <Field label="Remark" error={e.remark} wide>
          <input value={draft.remark} onChange={(ev) => set({ remark: ev.target.value })} />
        </Field>
      </div>
      <div className="stack" style={{ gap: 6 }}>
        <div className="row">
          <h4 className="grow">Special thresholds</h4>
          <button className="btn small" onClick={() => set({ specials: [...draft.specials, { objectType: 'APP', objectId: apps[0]?.id ?? '', callLimits: '' }] })} data-testid="add-special">
            + Add
          </button>
        </div>
        {e.specials && <div className="field-error">{e.specials}</div>}
        {draft.specials.length === 0 ? (
          <div className="muted">None. A special threshold replaces the app or user limit for one app or tenant.</div>
        ) : (
          <EditableTable
            rows={draft.specials}
            onChange={(specials) => set({ specials })}
            errorAt={(i) => messagesUnder(e, `specials[${i}]`, { labelled: true })}
            removeWidth={30}
            columns={[
              {
                header: 'For',
                width: 110,
                cell: (s, setRow) => (
                  <select value={s.objectType} onChange={(ev) => setRow({ objectType: ev.target.value as 'APP' | 'USER', objectId: ev.target.value === 'APP' ? (apps[0]?.id ?? '') : 'local' })}>
                    <option value="APP">App</option>
                    <option value="USER">Tenant</option>
                  </select>
                ),
              },
              {
                header: 'App / tenant',
                cell: (s, setRow) =>
                  s.objectType === 'APP' ? (
                    <select value={s.objectId} onChange={(ev) => setRow({ objectId: ev.target.value })}>
                      <option value="">— choose an app —</option>
                      {apps.map((a) => (
                        <option key={a.id} value={a.id}>
                          {a.name}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <input value={s.objectId} onChange={(ev) => setRow({ objectId: ev.target.value })} placeholder="tenant ID (local callers: local)" />
                  ),
              },
              { header: 'Limit', width: 130, cell: (s, setRow) => <input type="number" min={1} value={s.callLimits} onChange={(ev) => setRow({ callLimits: ev.target.value })} /> },
            ]}
          />
        )}
      </div>
    </EditorFrame>
  );
}
