/** Where the gateway sends the request: an HTTP service, a mock response or a local function. */
import { API_METHODS, type ApiMethod, type Backend } from '../../../src-shared/model';
import { Field } from '../../components/Field';
import { Section } from '../../components/Section';
import type { FormErrors } from '../../lib/errors';
import { useWorkspace } from '../../state/WorkspaceContext';
import { ECHO_BACKEND_ADDRESS } from '../../../src-shared/echo-backend';
import { defaultBackend, groupHasEchoHost } from './draft';

const TYPES: { type: Backend['type']; label: string }[] = [
  { type: 'HTTP', label: 'HTTP' },
  { type: 'MOCK', label: 'Mock' },
  { type: 'FUNCTION', label: 'Function' },
];

export function BackendSection({ backend, groupId, onChange, errors }: { backend: Backend; /** The API's group: offers its echo backend, when it has one. */ groupId?: string; onChange(backend: Backend): void; errors: FormErrors }) {
  const ws = useWorkspace();
  const e = errors.fields;
  const set = (patch: Partial<Backend>) => onChange({ ...backend, ...patch } as Backend);
  const backendAuthorizers = ws.authorizers.filter((a) => a.type === 'BACKEND');
  const int = (value: string) => (value === '' ? Number.NaN : Number(value));
  const echoHost = groupId !== undefined && groupHasEchoHost(groupId, ws.variables);

  return (
    <Section
      title="Backend"
      testId="backend-section"
      actions={
        <div className="segmented" role="radiogroup" aria-label="Backend type">
          {TYPES.map((t) => (
            <button key={t.type} className={backend.type === t.type ? 'on' : ''} onClick={() => backend.type !== t.type && onChange(defaultBackend(t.type, backend))} data-testid={`backend-type-${t.type}`}>
              {t.label}
            </button>
          ))}
        </div>
      }
    >
      {e['backend.type'] && <div className="field-error">{e['backend.type']}</div>}
      <div className="form">
        {backend.type === 'HTTP' && (
          <>
            <Field label="Protocol" error={e['backend.protocol']}>
              <select value={backend.protocol} onChange={(ev) => set({ protocol: ev.target.value as 'HTTP' | 'HTTPS' })}>
                <option>HTTP</option>
                <option>HTTPS</option>
              </select>
            </Field>
            <Field label="Method" error={e['backend.method']}>
              <select value={backend.method} onChange={(ev) => set({ method: ev.target.value as ApiMethod })}>
                {API_METHODS.map((m) => (
                  <option key={m}>{m}</option>
                ))}
              </select>
            </Field>
            <Field
              label="Address"
              error={e['backend.address']}
              hint={
                echoHost && backend.address !== ECHO_BACKEND_ADDRESS ? (
                  <>
                    host[:port]; may use #variables#.{' '}
                    <button type="button" className="link-btn" onClick={() => set({ address: ECHO_BACKEND_ADDRESS })} data-testid="use-echo-backend">
                      Use the built-in echo backend ({ECHO_BACKEND_ADDRESS})
                    </button>
                  </>
                ) : backend.address === ECHO_BACKEND_ADDRESS ? (
                  'The built-in echo backend: it answers with the request it received (method, path, headers, body).'
                ) : (
                  'host[:port] of your service, e.g. 127.0.0.1:8080; may use #variables# of the environment'
                )
              }
            >
              <input className="mono" value={backend.address} onChange={(ev) => set({ address: ev.target.value })} placeholder="host:port" data-testid="backend-address" />
            </Field>
            <Field label="Path" error={e['backend.path']}>
              <input className="mono" value={backend.path} onChange={(ev) => set({ path: ev.target.value })} data-testid="backend-path" />
            </Field>
            <Field label="Timeout (ms)" error={e['backend.timeoutMs']}>
              <input type="number" value={Number.isNaN(backend.timeoutMs) ? '' : backend.timeoutMs} onChange={(ev) => set({ timeoutMs: int(ev.target.value) })} />
            </Field>
            <Field label="Retries" error={e['backend.retryCount']} hint="-1 = APIG default (idempotent methods retry once)">
              <input type="number" value={Number.isNaN(backend.retryCount) ? '' : backend.retryCount} onChange={(ev) => set({ retryCount: int(ev.target.value) })} />
            </Field>
          </>
        )}
        {backend.type === 'MOCK' && (
          <>
            <Field label="Status code" error={e['backend.statusCode']}>
              <input type="number" value={Number.isNaN(backend.statusCode) ? '' : backend.statusCode} onChange={(ev) => set({ statusCode: int(ev.target.value) })} />
            </Field>
            <Field label="Response body" error={e['backend.body']} wide>
              <textarea rows={5} value={backend.body} onChange={(ev) => set({ body: ev.target.value })} />
            </Field>
          </>
        )}
        {backend.type === 'FUNCTION' && (
          <>
            <Field label="Function" error={e['backend.functionUrn']} hint="A FunctionGraph URN; its last segment names the local function" wide>
              <div className="row nowrap">
                <input className="mono grow" value={backend.functionUrn} onChange={(ev) => set({ functionUrn: ev.target.value })} placeholder="urn:fss:region:project:function:default:my-fn" />
                <select value="" onChange={(ev) => ev.target.value && set({ functionUrn: `urn:fss:local:project:function:default:${ev.target.value}` })} aria-label="Pick a local function" style={{ width: 160 }}>
                  <option value="">Pick local…</option>
                  {ws.functions.map((f) => (
                    <option key={f.id} value={f.name}>
                      {f.name}
                    </option>
                  ))}
                </select>
              </div>
            </Field>
            <Field label="Invocation" error={e['backend.invocationType']}>
              <select value={backend.invocationType} onChange={(ev) => set({ invocationType: ev.target.value as 'sync' | 'async' })}>
                <option value="sync">Synchronous</option>
                <option value="async">Asynchronous</option>
              </select>
            </Field>
            <Field label="Timeout (ms)" error={e['backend.timeoutMs']}>
              <input type="number" value={Number.isNaN(backend.timeoutMs) ? '' : backend.timeoutMs} onChange={(ev) => set({ timeoutMs: int(ev.target.value) })} />
            </Field>
          </>
        )}
        <Field label="Backend authorizer" error={e['backend.authorizerId']}>
          <select value={backend.authorizerId ?? ''} onChange={(ev) => set({ authorizerId: ev.target.value || undefined })}>
            <option value="">none</option>
            {backendAuthorizers.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
    </Section>
  );
}
