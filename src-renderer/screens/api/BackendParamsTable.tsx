/**
 * Backend parameter mapping: each row puts a value (a request parameter, a constant, or a system
 * parameter such as an authorizer context key) into the backend request's path, query or headers.
 */
import { useRef } from 'react';
import type { BackendParam, BackendParamOrigin, ParamLocation, RequestParam } from '../../../src-shared/model';
import { Section } from '../../components/Section';
import { messagesUnder, type FormErrors } from '../../lib/errors';
import { patchAt, removeAt } from '../../lib/list-edit';
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
        <table className="grid">
          <thead>
            <tr>
              <th style={{ width: '18%' }}>Backend name</th>
              <th style={{ width: '10%' }}>Location</th>
              <th style={{ width: '15%' }}>Source</th>
              <th style={{ width: '36%' }}>Value</th>
              <th>Description</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {params.map((p, i) => {
              const message = messagesUnder(errors.fields, `backend.params[${i}]`);
              return [
                <tr key={`r${i}`} className={message ? 'invalid' : ''} data-testid="backend-param-row">
                  <td>
                    <input value={p.name} onChange={(e) => set(i, { name: e.target.value })} aria-label={`Backend parameter ${i + 1} name`} />
                  </td>
                  <td>
                    <select value={p.location} onChange={(e) => set(i, { location: e.target.value as ParamLocation })} aria-label={`Backend parameter ${i + 1} location`} style={{ minWidth: 100 }}>
                      <option>HEADER</option>
                      <option>QUERY</option>
                      <option>PATH</option>
                    </select>
                  </td>
                  <td>
                    <select value={p.origin} onChange={(e) => set(i, { origin: e.target.value as BackendParamOrigin, value: '' })} aria-label={`Backend parameter ${i + 1} source`} style={{ minWidth: 150 }}>
                      <option value="REQUEST">Request parameter</option>
                      <option value="CONSTANT">Constant</option>
                      <option value="SYSTEM">System parameter</option>
                    </select>
                  </td>
                  <td>
                    {p.origin === 'REQUEST' ? (
                      <select value={p.value} onChange={(e) => set(i, { value: e.target.value })}>
                        <option value="">— choose —</option>
                        {requestParams.map((r) => (
                          <option key={r.name} value={r.name}>
                            {r.name} ({r.location.toLowerCase()})
                          </option>
                        ))}
                      </select>
                    ) : (
                      <div className="row nowrap">
                        <input ref={(el) => void (valueInputs.current[i] = el)} className="mono grow" value={p.value} onChange={(e) => set(i, { value: e.target.value })} placeholder={p.origin === 'SYSTEM' ? '$context.…' : 'value'} aria-label={`Backend parameter ${i + 1} value`} />
                        {p.origin === 'SYSTEM' && <SystemParamPicker frontendAuthorizerId={frontendAuthorizerId} backendAuthorizerId={backendAuthorizerId} onPick={(value) => picked(i, value)} />}
                      </div>
                    )}
                  </td>
                  <td>
                    <input value={p.description ?? ''} onChange={(e) => set(i, { description: e.target.value || undefined })} />
                  </td>
                  <td>
                    <button className="icon-btn" title="Remove" onClick={() => onChange(removeAt(params, i))}>
                      ×
                    </button>
                  </td>
                </tr>,
                message ? (
                  <tr key={`e${i}`}>
                    <td colSpan={6} className="field-error">
                      {message}
                    </td>
                  </tr>
                ) : null,
              ];
            })}
          </tbody>
        </table>
      )}
    </Section>
  );
}
