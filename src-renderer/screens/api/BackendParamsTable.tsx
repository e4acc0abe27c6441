/**
 * Backend parameter mapping: each row puts a value (a request parameter, a constant, or a system
 * parameter such as an authorizer context key) into the backend request's path, query or headers.
 */
import { useRef } from 'react';
import type { BackendParam, BackendParamOrigin, ParamLocation, RequestParam } from '../../../src-shared/model';
import { EditableTable } from '../../components/EditableTable';
import { Section } from '../../components/Section';
import { messagesUnder, type FormErrors } from '../../lib/errors';
import { patchAt } from '../../lib/list-edit';
import { newBackendParam } from './draft';
import { SystemParamPicker } from './SystemParamPicker';

export interface BackendParamsProps {
  params: BackendParam[];
  requestParams: RequestParam[];
  frontendAuthorizerId?: string;
  backendAuthorizerId?: string;
  onChange(params: BackendParam[]): void;
  errors: FormErrors;
}

export function BackendParamsTable({ params, requestParams, frontendAuthorizerId, backendAuthorizerId, onChange, errors }: BackendParamsProps) {
  const set = (i: number, patch: Partial<BackendParam>) => onChange(patchAt(params, i, patch));
  const valueInputs = useRef<(HTMLInputElement | null)[]>([]);
  /** After a pick the cursor waits at the end of the value, so a generic entry's key can be typed. */
  const picked = (i: number, value: string) => {
    set(i, { value });
    requestAnimationFrame(() => {
      const input = valueInputs.current[i];
      input?.focus();
      input?.setSelectionRange(input.value.length, input.value.length);
    });
  };
  return (
    <Section
      title="Backend parameters"
      testId="backend-params"
      actions={
        <button className="btn small" onClick={() => onChange([...params, newBackendParam()])} data-testid="add-backend-param">
          + Add mapping
        </button>
      }
    >
      {errors.fields['backend.params'] && <div className="field-error">{errors.fields['backend.params']}</div>}
      {params.length === 0 ? (
        <div className="muted">Nothing mapped. Add a mapping to send a request parameter, a constant, or an authorizer's context value to the backend.</div>
      ) : (
        <EditableTable
          rows={params}
          onChange={onChange}
          errorAt={(i) => messagesUnder(errors.fields, `backend.params[${i}]`)}
          rowTestId="backend-param-row"
          columns={[
            { header: 'Backend name', width: '18%', cell: (p, set, i) => <input value={p.name} onChange={(e) => set({ name: e.target.value })} aria-label={`Backend parameter ${i + 1} name`} /> },
            {
              header: 'Location',
              width: '10%',
              cell: (p, set, i) => (
                <select value={p.location} onChange={(e) => set({ location: e.target.value as ParamLocation })} aria-label={`Backend parameter ${i + 1} location`} style={{ minWidth: 100 }}>
                  <option>HEADER</option>
                  <option>QUERY</option>
                  <option>PATH</option>
                </select>
              ),
            },
            {
              header: 'Source',
              width: '15%',
              cell: (p, set, i) => (
                <select value={p.origin} onChange={(e) => set({ origin: e.target.value as BackendParamOrigin, value: '' })} aria-label={`Backend parameter ${i + 1} source`} style={{ minWidth: 150 }}>
                  <option value="REQUEST">Request parameter</option>
                  <option value="CONSTANT">Constant</option>
                  <option value="SYSTEM">System parameter</option>
                </select>
              ),
            },
            {
              header: 'Value',
              width: '36%',
              cell: (p, set, i) =>
                p.origin === 'REQUEST' ? (
                  <select value={p.value} onChange={(e) => set({ value: e.target.value })}>
                    <option value="">— choose —</option>
                    {requestParams.map((r) => (
                      <option key={r.name} value={r.name}>
                        {r.name} ({r.location.toLowerCase()})
                      </option>
                    ))}
                  </select>
                ) : (
                  <div className="row nowrap">
                    <input ref={(el) => void (valueInputs.current[i] = el)} className="mono grow" value={p.value} onChange={(e) => set({ value: e.target.value })} placeholder={p.origin === 'SYSTEM' ? '$context.…' : 'value'} aria-label={`Backend parameter ${i + 1} value`} />
                    {p.origin === 'SYSTEM' && <SystemParamPicker frontendAuthorizerId={frontendAuthorizerId} backendAuthorizerId={backendAuthorizerId} onPick={(value) => picked(i, value)} />}
                  </div>
                ),
            },
            { header: 'Description', cell: (p, set) => <input value={p.description ?? ''} onChange={(e) => set({ description: e.target.value || undefined })} /> },
          ]}
        />
      )}
    </Section>
  );
}
