/**
 * Backend policies of an API (up to 5, matched in order, first match wins): each has conditions
 * (param / source / system / cookie / frontend_authorizer / orchestration, exact / enum / pattern),
 * an effect (ALL or ANY) and its own backend with backend parameters and backend authorizer. Part of
 * the API draft: saved and published with it.
 */
import type { BackendConditionOrigin, BackendConditionType, BackendPolicy, RequestParam } from '../../../src-shared/model';
import { POLICY_LIMITS } from '../../../src-shared/rules/policies';
import { EditableTable } from '../../components/EditableTable';
import { Field } from '../../components/Field';
import { Section } from '../../components/Section';
import { messagesUnder, type FormErrors } from '../../lib/errors';
import { removeAt } from '../../lib/list-edit';
import { BackendParamsTable } from '../api/BackendParamsTable';
import { BackendSection } from '../api/BackendSection';
import { defaultBackend } from '../api/draft';

const ORIGINS: { origin: BackendConditionOrigin; label: string; hint: string }[] = [
  { origin: 'param', label: 'Request parameter', hint: 'a declared request parameter' },
  { origin: 'source', label: 'Source IP', hint: 'IPs / CIDRs, comma-separated' },
  { origin: 'system', label: 'System', hint: 'req_path or req_method' },
  { origin: 'cookie', label: 'Cookie', hint: 'cookie name' },
  { origin: 'frontend_authorizer', label: 'Frontend authorizer', hint: '$context.authorizer.frontend.<key>' },
  { origin: 'orchestration', label: 'Orchestrated parameter', hint: 'mapped parameter name' },
];

/** The errors of one policy, renamed so the reused backend editors find theirs (`backend.…`). */
export function errorsUnder(errors: FormErrors, prefix: string): FormErrors {
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(errors.fields)) if (k.startsWith(prefix + '.')) fields[k.slice(prefix.length + 1)] = v;
  const issues = errors.issues.filter((i) => i.field.startsWith(prefix + '.')).map((i) => ({ ...i, field: i.field.slice(prefix.length + 1) }));
  return { fields, issues };
}

function newPolicy(n: number): BackendPolicy {
  return { name: `policy_${n}`, effectMode: 'ANY', conditions: [{ origin: 'param', type: 'exact', paramName: '', value: '' }], backend: defaultBackend('MOCK') };
}

export interface BackendPoliciesEditorProps {
  policies: BackendPolicy[];
  requestParams: RequestParam[];
  frontendAuthorizerId?: string;
  onChange(policies: BackendPolicy[]): void;
  errors: FormErrors;
}

export function BackendPoliciesEditor({ policies, requestParams, frontendAuthorizerId, onChange, errors }: BackendPoliciesEditorProps) {
  const set = (i: number, next: BackendPolicy) => onChange(policies.map((p, j) => (j === i ? next : p)));
  const max = POLICY_LIMITS.backendPolicies;
  return (
    <Section
      title={`Backend policies (${policies.length}/${max})`}
      testId="backend-policies"
      actions={
        <button className="btn small" disabled={policies.length >= max} onClick={() => onChange([...policies, newPolicy(policies.length + 1)])} data-testid="add-backend-policy">
          + Add policy
        </button>
      }
    >
      {errors.fields.backendPolicies && <div className="field-error">{errors.fields.backendPolicies}</div>}
      {policies.length === 0 && <div className="muted">None: every request goes to the backend above. A backend policy sends matching requests to its own backend (first match wins).</div>}
      {policies.map((policy, i) => (
        <PolicyCard
          key={i}
          index={i}
          policy={policy}
          count={policies.length}
          requestParams={requestParams}
          frontendAuthorizerId={frontendAuthorizerId}
          errors={errorsUnder(errors, `backendPolicies[${i}]`)}
          onChange={(p) => set(i, p)}
          onRemove={() => {
            onChange(removeAt(policies, i));
          }}
          onMove={(delta) => {
            const next = [...policies];
            const [moved] = next.splice(i, 1);
            next.splice(i + delta, 0, moved);
            onChange(next);
          }}
        />
      ))}
    </Section>
  );
}

interface PolicyCardProps {
  index: number;
  count: number;
  policy: BackendPolicy;
  requestParams: RequestParam[];
  frontendAuthorizerId?: string;
  errors: FormErrors;
  onChange(p: BackendPolicy): void;
  onRemove(): void;
  onMove(delta: number): void;
}

function PolicyCard({ index, count, policy, requestParams, frontendAuthorizerId, errors, onChange, onRemove, onMove }: PolicyCardProps) {
  const e = errors.fields;
  return (
    <div className="card" data-testid="backend-policy">
      <div className="card-head">
        <h3>
          {index + 1}. {policy.name || 'policy'} <span className="muted">→ {policy.backend.type}</span>
        </h3>
        <button className="btn small" disabled={index === 0} onClick={() => onMove(-1)} title="Match earlier">
          ↑
        </button>
        <button className="btn small" disabled={index === count - 1} onClick={() => onMove(1)} title="Match later">
          ↓
        </button>
        <button className="btn small danger" onClick={onRemove}>
          Remove
        </button>
      </div>
      <div className="card-body">
        <div className="form">
          <Field label="Name" error={e.name}>
            <input value={policy.name} onChange={(ev) => onChange({ ...policy, name: ev.target.value })} data-testid="backend-policy-name" />
          </Field>
          <Field label="Effect" error={e.effectMode} hint={policy.effectMode === 'ALL' ? 'every condition must match' : 'any one condition is enough'}>
            <div className="segmented">
              {(['ALL', 'ANY'] as const).map((m) => (
                <button key={m} className={policy.effectMode === m ? 'on' : ''} onClick={() => onChange({ ...policy, effectMode: m })}>
                  {m}
                </button>
              ))}
            </div>
          </Field>
        </div>
        <div className="stack" style={{ gap: 6 }}>
          <div className="row">
            <h4 className="grow">Conditions</h4>
            <button
              className="btn small"
              disabled={policy.conditions.length >= POLICY_LIMITS.backendPolicyConditions}
              onClick={() => onChange({ ...policy, conditions: [...policy.conditions, { origin: 'param', type: 'exact', paramName: '', value: '' }] })}
              data-testid="add-condition"
            >
              + Add condition
            </button>
          </div>
          {e.conditions && <div className="field-error">{e.conditions}</div>}
          <EditableTable
            rows={policy.conditions}
            onChange={(conditions) => onChange({ ...policy, conditions })}
            errorAt={(j) => messagesUnder(e, `conditions[${j}]`, { labelled: true })}
            rowTestId="condition-row"
            removeWidth={30}
            columns={[
              {
                header: 'Source',
                width: 170,
                cell: (c, set) => (
                  <select
                    value={c.origin}
                    onChange={(ev) => {
                      const origin = ev.target.value as BackendConditionOrigin;
                      set(origin === 'source' ? { origin, type: undefined, paramName: undefined } : { origin, type: c.type ?? 'exact', paramName: origin === 'system' ? 'req_path' : '' });
                    }}
                    aria-label="Condition source"
                  >
                    {ORIGINS.map((o) => (
                      <option key={o.origin} value={o.origin} title={o.hint}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                ),
              },
              {
                header: 'Parameter',
                cell: (c, set) =>
                  c.origin === 'source' ? (
                    <span className="muted">source IP</span>
                  ) : c.origin === 'param' ? (
                    <select value={c.paramName ?? ''} onChange={(ev) => set({ paramName: ev.target.value })} aria-label="Request parameter">
                      <option value="">— parameter —</option>
                      {requestParams.map((p) => (
                        <option key={p.name} value={p.name}>
                          {p.name} ({p.location.toLowerCase()})
                        </option>
                      ))}
                    </select>
                  ) : c.origin === 'system' ? (
                    <select value={c.paramName ?? 'req_path'} onChange={(ev) => set({ paramName: ev.target.value })} aria-label="System parameter">
                      <option value="req_path">req_path</option>
                      <option value="req_method">req_method</option>
                    </select>
                  ) : (
                    <input
                      className="mono"
                      value={c.paramName ?? ''}
                      onChange={(ev) => set({ paramName: ev.target.value })}
                      placeholder={c.origin === 'frontend_authorizer' ? (frontendAuthorizerId ? '$context.authorizer.frontend.user' : 'needs a frontend authorizer') : c.origin === 'cookie' ? 'cookie name' : 'mapped parameter'}
                      aria-label="Parameter name"
                    />
                  ),
              },
              {
                header: 'Match',
                width: 100,
                cell: (c, set) =>
                  c.origin === 'source' ? (
                    <span className="muted">in list</span>
                  ) : (
                    <select value={c.type ?? 'exact'} onChange={(ev) => set({ type: ev.target.value as BackendConditionType })} aria-label="Match type">
                      <option value="exact">exact</option>
                      <option value="enum">enum</option>
                      <option value="pattern">pattern</option>
                    </select>
                  ),
              },
              {
                header: 'Value',
                cell: (c, set) => (
                  <input
                    className="mono"
                    value={c.value}
                    onChange={(ev) => set({ value: ev.target.value })}
                    placeholder={c.origin === 'source' ? '10.0.0.0/8,127.0.0.1' : c.type === 'enum' ? 'a,b,c' : c.type === 'pattern' ? '^v[0-9]+$' : 'value'}
                    aria-label="Condition value"
                    data-testid="condition-value"
                  />
                ),
              },
            ]}
          />
        </div>
        <BackendSection backend={policy.backend} onChange={(backend) => onChange({ ...policy, backend })} errors={errors} />
        <BackendParamsTable
          params={policy.backend.params}
          requestParams={requestParams}
          frontendAuthorizerId={frontendAuthorizerId}
          backendAuthorizerId={policy.backend.authorizerId}
          onChange={(params) => onChange({ ...policy, backend: { ...policy.backend, params } })}
          errors={errors}
        />
      </div>
    </div>
  );
}
