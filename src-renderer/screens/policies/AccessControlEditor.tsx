/**
 * An access-control policy: allow (PERMIT) or deny (DENY) a list of IPs, CIDRs and a-b ranges — or IAM
 * account names / IDs, which apply to IAM-authenticated calls only (checked against the local IAM
 * token table's accounts). Edited one entry per line; APIG stores them comma-separated.
 */
import type { AccessControlPolicy } from '../../../src-shared/model';
import { Field } from '../../components/Field';
import { useRemoveAction, useSaveAction } from '../../lib/entityActions';
import { useWorkspace } from '../../state/WorkspaceContext';
import { EditorFrame } from '../../components/EditorFrame';
import { useFormDraft } from '../../state/useFormDraft';

interface Draft {
  name: string;
  aclType: 'PERMIT' | 'DENY';
  entityType: AccessControlPolicy['entityType'];
  /** One entry per line. */
  lines: string;
  remark: string;
}

const fromPolicy = (p?: AccessControlPolicy): Draft => ({
  name: p?.name ?? '',
  aclType: p?.aclType ?? 'PERMIT',
  entityType: p?.entityType ?? 'IP',
  lines: (p?.value ?? '').split(',').map((s) => s.trim()).filter(Boolean).join('\n'),
  remark: p?.remark ?? '',
});

/** Lines (or commas typed by habit) → APIG's comma-separated acl_value. */
export const linesToAclValue = (lines: string): string =>
  lines
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .join(',');

export function AccessControlEditor({ policy, onSaved, onRemoved }: { policy?: AccessControlPolicy; onSaved(p: AccessControlPolicy): void; onRemoved(): void }) {
  const ws = useWorkspace();
  const { draft, setDraft, dirty } = useFormDraft(policy, fromPolicy);
  const input = () => ({ name: draft.name.trim(), aclType: draft.aclType, entityType: draft.entityType, value: linesToAclValue(draft.lines), remark: draft.remark });
  const save = useSaveAction(policy, {
    create: () => ws.api.createAccessControl({ input: input() }),
    update: (id) => ws.api.updateAccessControl({ id, patch: input() }),
    done: onSaved,
  });
  const remove = useRemoveAction(policy, {
    what: 'access-control policy',
    remove: (id) => ws.api.removeAccessControl({ id }),
    done: onRemoved,
  });
  const e = save.errors.fields;
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const count = linesToAclValue(draft.lines).split(',').filter(Boolean).length;

  return (
    <EditorFrame
      title={policy ? `Access-control policy ${policy.name}` : 'New access-control policy'}
      isNew={!policy}
      dirty={dirty}
      save={save}
      remove={remove}
      shownFields={['name', 'aclType', 'entityType', 'value', 'remark']}
      testId="acl-editor"
    >
      <div className="form">
        <Field label="Name" error={e.name}>
          <input value={draft.name} onChange={(ev) => set({ name: ev.target.value })} data-testid="policy-name" />
        </Field>
        <Field label="Effect" error={e.aclType}>
          <div className="segmented" role="radiogroup" aria-label="Effect">
            <button className={draft.aclType === 'PERMIT' ? 'on' : ''} onClick={() => set({ aclType: 'PERMIT' })} data-testid="acl-permit">
              Allow only these
            </button>
            <button className={draft.aclType === 'DENY' ? 'on' : ''} onClick={() => set({ aclType: 'DENY' })} data-testid="acl-deny">
              Deny these
            </button>
          </div>
        </Field>
        <Field label="Restricts" error={e.entityType} hint={policy ? 'Fixed after creation' : undefined}>
          <select value={draft.entityType} disabled={!!policy} onChange={(ev) => set({ entityType: ev.target.value as Draft['entityType'] })}>
            <option value="IP">Source IP addresses</option>
            <option value="DOMAIN">Account names (IAM calls only)</option>
            <option value="DOMAIN_ID">Account IDs (IAM calls only)</option>
          </select>
        </Field>
        <Field
          label={`${draft.entityType === 'IP' ? 'Addresses' : 'Accounts'} (${count})`}
          error={e.value}
          hint={draft.entityType === 'IP' ? 'One per line: 10.0.0.1, 10.0.0.0/24 or 10.0.0.1-10.0.0.9; at most 100' : 'One per line'}
          wide
        >
          <textarea rows={5} value={draft.lines} onChange={(ev) => set({ lines: ev.target.value })} placeholder={draft.entityType === 'IP' ? '127.0.0.1\n10.0.0.0/8' : ''} data-testid="acl-value" />
        </Field>
        <Field label="Remark" error={e.remark} wide>
          <input value={draft.remark} onChange={(ev) => set({ remark: ev.target.value })} />
        </Field>
      </div>
    </EditorFrame>
  );
}
