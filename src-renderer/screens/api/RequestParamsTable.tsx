/** The API's request parameters (path, query, header), each validated by the gateway before the backend. */
import type { ParamLocation, RequestParam } from '../../../src-shared/model';
import { Section } from '../../components/Section';
import { messagesUnder, type FormErrors } from '../../lib/errors';
import { patchAt, removeAt } from '../../lib/list-edit';
import { newRequestParam } from './draft';

export function RequestParamsTable({ params, onChange, errors }: { params: RequestParam[]; onChange(params: RequestParam[]): void; errors: FormErrors }) {
  const set = (i: number, patch: Partial<RequestParam>) => onChange(patchAt(params, i, patch));
  return (
    <Section
      title="Request parameters"
      testId="request-params"
      actions={
        <button className="btn small" onClick={() => onChange([...params, newRequestParam()])}>
          + Add parameter
        </button>
      }
    >
      {errors.fields.requestParams && <div className="field-error">{errors.fields.requestParams}</div>}
      {params.length === 0 ? (
        <div className="muted">No parameters. Path parameters in braces are added here; query and header parameters can be validated and mapped to the backend.</div>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th>Name</th>
              <th>Location</th>
              <th>Type</th>
              <th>Required</th>
              <th>Default</th>
              <th>Pass through</th>
              <th>Description</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {params.map((p, i) => {
              const message = messagesUnder(errors.fields, `requestParams[${i}]`);
              return [
                <tr key={`r${i}`} className={message ? 'invalid' : ''}>
                  <td>
                    <input value={p.name} onChange={(e) => set(i, { name: e.target.value })} aria-label={`Parameter ${i + 1} name`} />
                  </td>
                  <td>
                    <select value={p.location} onChange={(e) => set(i, { location: e.target.value as ParamLocation })}>
                      <option>PATH</option>
                      <option>QUERY</option>
                      <option>HEADER</option>
                    </select>
                  </td>
                  <td>
                    <select value={p.type} onChange={(e) => set(i, { type: e.target.value as RequestParam['type'] })}>
                      <option>STRING</option>
                      <option>NUMBER</option>
                    </select>
                  </td>
                  <td>
                    <input type="checkbox" checked={p.required} onChange={(e) => set(i, { required: e.target.checked })} />
                  </td>
                  <td>
                    <input value={p.defaultValue ?? ''} onChange={(e) => set(i, { defaultValue: e.target.value || undefined })} />
                  </td>
                  <td>
                    <input type="checkbox" checked={p.passThrough} onChange={(e) => set(i, { passThrough: e.target.checked })} />
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
                    <td colSpan={8} className="field-error">
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
