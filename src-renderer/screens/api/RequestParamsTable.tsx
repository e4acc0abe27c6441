/** The API's request parameters (path, query, header), each validated by the gateway before the backend. */
import type { ParamLocation, RequestParam } from '../../../src-shared/model';
import { EditableTable } from '../../components/EditableTable';
import { Section } from '../../components/Section';
import { messagesUnder, type FormErrors } from '../../lib/errors';
import { newRequestParam } from './draft';

export function RequestParamsTable({ params, onChange, errors }: { params: RequestParam[]; onChange(params: RequestParam[]): void; errors: FormErrors }) {
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
        <EditableTable
          rows={params}
          onChange={onChange}
          errorAt={(i) => messagesUnder(errors.fields, `requestParams[${i}]`)}
          columns={[
            { header: 'Name', cell: (p, set, i) => <input value={p.name} onChange={(e) => set({ name: e.target.value })} aria-label={`Parameter ${i + 1} name`} /> },
            {
              header: 'Location',
              cell: (p, set) => (
                <select value={p.location} onChange={(e) => set({ location: e.target.value as ParamLocation })}>
                  <option>PATH</option>
                  <option>QUERY</option>
                  <option>HEADER</option>
                </select>
              ),
            },
            {
              header: 'Type',
              cell: (p, set) => (
                <select value={p.type} onChange={(e) => set({ type: e.target.value as RequestParam['type'] })}>
                  <option>STRING</option>
                  <option>NUMBER</option>
                </select>
              ),
            },
            { header: 'Required', cell: (p, set) => <input type="checkbox" checked={p.required} onChange={(e) => set({ required: e.target.checked })} /> },
            { header: 'Default', cell: (p, set) => <input value={p.defaultValue ?? ''} onChange={(e) => set({ defaultValue: e.target.value || undefined })} /> },
            { header: 'Pass through', cell: (p, set) => <input type="checkbox" checked={p.passThrough} onChange={(e) => set({ passThrough: e.target.checked })} /> },
            { header: 'Description', cell: (p, set) => <input value={p.description ?? ''} onChange={(e) => set({ description: e.target.value || undefined })} /> },
          ]}
        />
      )}
    </Section>
  );
}
