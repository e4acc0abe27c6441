/**
 * Something bound to an API in one environment — a policy's bindings, an app's authorizations: the
 * bindings so far, each with its remove button, and a form that adds one (API × environment, RELEASE
 * first). The store's refusal (slot taken, API not published) shows at the form.
 */
import { useState, type ReactNode } from 'react';
import type { ApiListItem } from '../../src-shared/contract';
import { useAction } from '../lib/useAction';
import { useNav } from '../state/NavContext';
import { useWorkspace } from '../state/WorkspaceContext';
import { ErrorNote } from './ErrorNote';
import { Field } from './Field';
import { MethodBadge } from './MethodBadge';
import { Section } from './Section';

export interface ApiEnvBinding {
  id: string;
  apiId: string;
  envId: string;
}

export interface ApiEnvBindingsCardProps<B extends ApiEnvBinding> {
  title: string;
  testId: string;
  bindings: B[];
  /** Shown instead of the table while nothing is bound. */
  empty: ReactNode;
  /** Width of the Environment column. */
  envWidth: number;
  /** A column between Environment and the remove button (the API's auth type). */
  extraColumn?: { header: string; width: number; cell(api: ApiListItem['api'] | undefined): ReactNode };
  /** How an API is offered in the picker. */
  apiOption(api: ApiListItem['api']): string;
  /** The hint when the picked API is not published in the picked environment. */
  unpublishedHint(envName: string): string;
  labels: { add: string; remove: string };
  testIds: { row: string; remove: string; api: string; env: string; add: string };
  add(apiId: string, envId: string): Promise<unknown>;
  remove(binding: B): Promise<unknown>;
}

export function ApiEnvBindingsCard<B extends ApiEnvBinding>(props: ApiEnvBindingsCardProps<B>) {
  const { bindings, extraColumn, testIds } = props;
  const ws = useWorkspace();
  const nav = useNav();
  const [apiId, setApiId] = useState('');
  const [envId, setEnvId] = useState('');
  const env = envId || ws.environments.find((e) => e.name === 'RELEASE')?.id || ws.environments[0]?.id || '';
  const apiOf = (id: string) => ws.apis.find((a) => a.api.id === id);
  const envName = (id: string) => ws.environments.find((e) => e.id === id)?.name ?? id;

  const add = useAction(() => props.add(apiId, env));
  const remove = useAction((binding: B) => props.remove(binding));
  const e = add.errors.fields;
  const picked = apiOf(apiId);
  const published = picked?.publications.some((p) => p.envId === env);

  return (
    <Section title={props.title} testId={props.testId}>
      <ErrorNote errors={add.errors} shownFields={['apiId', 'envId']} />
      <ErrorNote errors={remove.errors} />
      {bindings.length === 0 ? (
        <div className="muted">{props.empty}</div>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th>API</th>
              <th style={{ width: props.envWidth }}>Environment</th>
              {extraColumn && <th style={{ width: extraColumn.width }}>{extraColumn.header}</th>}
              <th style={{ width: 80 }} />
            </tr>
          </thead>
          <tbody>
            {bindings.map((b) => {
              const api = apiOf(b.apiId)?.api;
              return (
                <tr key={b.id} data-testid={testIds.row}>
                  <td>
                    {api ? (
                      <a href="#" onClick={(ev) => (ev.preventDefault(), nav.open({ kind: 'api', id: api.id }))}>
                        <MethodBadge method={api.method} /> {api.name} <span className="muted mono">{api.path}</span>
                      </a>
                    ) : (
                      <span className="muted">{b.apiId}</span>
                    )}
                  </td>
                  <td>{envName(b.envId)}</td>
                  {extraColumn && <td>{extraColumn.cell(api)}</td>}
                  <td>
                    <button className="btn small danger" onClick={() => void remove.run(b)} disabled={remove.busy} data-testid={testIds.remove}>
                      {props.labels.remove}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div className="form">
        <Field label="API" error={e.apiId} hint={picked && !published ? props.unpublishedHint(envName(env)) : undefined}>
          <select value={apiId} onChange={(ev) => setApiId(ev.target.value)} data-testid={testIds.api}>
            <option value="">— choose an API —</option>
            {ws.apis.map(({ api }) => (
              <option key={api.id} value={api.id}>
                {props.apiOption(api)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Environment" error={e.envId}>
          <select value={env} onChange={(ev) => setEnvId(ev.target.value)} data-testid={testIds.env}>
            {ws.environments.map((en) => (
              <option key={en.id} value={en.id}>
                {en.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label=" ">
          <button className="btn primary" onClick={() => void add.run()} disabled={add.busy || !apiId || !env} data-testid={testIds.add}>
            {props.labels.add}
          </button>
        </Field>
      </div>
    </Section>
  );
}
