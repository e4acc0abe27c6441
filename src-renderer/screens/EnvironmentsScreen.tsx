/** Environments (RELEASE plus the user's) and their variables per group (#name# in backend addresses). */
import { useState } from 'react';
import type { EnvVariable } from '../../src-shared/model';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { Section } from '../components/Section';
import { useAction } from '../lib/useAction';
import { useWorkspace } from '../state/WorkspaceContext';

export function EnvironmentsScreen() {
  const ws = useWorkspace();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = useAction(async () => {
    await ws.api.createEnvironment({ input: { name, description } });
    setName('');
    setDescription('');
  });
  const remove = useAction(async (id: string, envName: string) => {
    if (!window.confirm(`Delete environment ${envName}?`)) return;
    await ws.api.removeEnvironment({ id });
  });

  return (
    <div className="screen" data-testid="environments">
      <div className="screen-head">
        <h1>Environments</h1>
      </div>
      <Section title="Environments">
        <table className="grid">
          <tbody>
            {ws.environments.map((env) => (
              <tr key={env.id}>
                <td style={{ width: 200 }}>
                  <b>{env.name}</b>
                </td>
                <td>
                  <EnvironmentDescription id={env.id} value={env.description} placeholder={env.name === 'RELEASE' ? 'Used when a request has no X-Stage header' : 'Description'} />
                </td>
                <td style={{ width: 80 }}>
                  {env.name !== 'RELEASE' && (
                    <button className="btn small danger" onClick={() => void remove.run(env.id, env.name)}>
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <ErrorNote errors={remove.errors} />
        <div className="form">
          <Field label="New environment" error={create.errors.fields.name} hint="Requests choose it with the X-Stage header">
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. DEV" data-testid="env-name" />
          </Field>
          <Field label="Description" error={create.errors.fields.description}>
            <input value={description} onChange={(e) => setDescription(e.target.value)} />
          </Field>
          <div className="field" style={{ justifyContent: 'flex-end' }}>
            <button className="btn primary" onClick={() => void create.run()} disabled={!name || create.busy}>
              Add environment
            </button>
          </div>
        </div>
        <ErrorNote errors={create.errors} shownFields={['name', 'description']} />
      </Section>
      <VariablesSection />
    </div>
  );
}

function VariablesSection() {
  const ws = useWorkspace();
  const [groupId, setGroupId] = useState(ws.groups[0]?.id ?? '');
  const gid = groupId || ws.groups[0]?.id || '';
  const [draft, setDraft] = useState({ envId: '', name: '', value: '' });
  const create = useAction(async () => {
    await ws.api.createVariable({ input: { groupId: gid, envId: draft.envId || ws.environments[0]?.id, name: draft.name, value: draft.value } });
    setDraft({ ...draft, name: '', value: '' });
  });
  if (ws.groups.length === 0) {
    return (
      <Section title="Variables">
        <div className="muted">Variables belong to a group and an environment. Create a group first.</div>
      </Section>
    );
  }
  const variables = ws.variables.filter((v) => v.groupId === gid);
  return (
    <Section
      title="Variables"
      actions={
        <select value={gid} onChange={(e) => setGroupId(e.target.value)} aria-label="Group">
          {ws.groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
      }
    >
      <div className="muted">Use a variable as #name# in a backend address or path; each environment can give it a different value.</div>
      <table className="grid">
        <thead>
          <tr>
            <th>Environment</th>
            <th>Name</th>
            <th>Value</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {variables.map((v) => (
            <VariableRow key={v.id} variable={v} />
          ))}
          <tr>
            <td>
              <select value={draft.envId || ws.environments[0]?.id} onChange={(e) => setDraft({ ...draft, envId: e.target.value })}>
                {ws.environments.map((env) => (
                  <option key={env.id} value={env.id}>
                    {env.name}
                  </option>
                ))}
              </select>
            </td>
            <td>
              <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} placeholder="name" />
              {create.errors.fields.name && <div className="field-error">{create.errors.fields.name}</div>}
            </td>
            <td>
              <input value={draft.value} onChange={(e) => setDraft({ ...draft, value: e.target.value })} placeholder="value" />
              {create.errors.fields.value && <div className="field-error">{create.errors.fields.value}</div>}
            </td>
            <td>
              <button className="btn small" onClick={() => void create.run()} disabled={!draft.name}>
                Add
              </button>
            </td>
          </tr>
        </tbody>
      </table>
      <ErrorNote errors={create.errors} shownFields={['name', 'value']} />
    </Section>
  );
}

function VariableRow({ variable }: { variable: EnvVariable }) {
  const ws = useWorkspace();
  const [value, setValue] = useState(variable.value);
  const save = useAction(async () => {
    await ws.api.updateVariable({ id: variable.id, patch: { value } });
  });
  const remove = useAction(async () => {
    await ws.api.removeVariable({ id: variable.id });
  });
  const error = save.errors.fields.value ?? save.errors.message ?? remove.errors.message;
  return (
    <tr>
      <td>{ws.environments.find((e) => e.id === variable.envId)?.name}</td>
      <td className="mono">#{variable.name}#</td>
      <td>
        <input value={value} onChange={(e) => setValue(e.target.value)} onBlur={() => value !== variable.value && void save.run()} />
        {error && <div className="field-error">{error}</div>}
      </td>
      <td>
        <button className="icon-btn" title="Delete variable" onClick={() => void remove.run()}>
          ×
        </button>
      </td>
    </tr>
  );
}

/** The environment's description, saved when the field loses focus. */
function EnvironmentDescription({ id, value, placeholder }: { id: string; value: string; placeholder: string }) {
  const ws = useWorkspace();
  const [text, setText] = useState(value);
  const save = useAction(async () => {
    await ws.api.updateEnvironment({ id, patch: { description: text } });
  });
  const error = save.errors.fields.description ?? save.errors.message;
  return (
    <>
      <input value={text} placeholder={placeholder} onChange={(e) => setText(e.target.value)} onBlur={() => text !== value && void save.run()} style={{ width: '100%' }} />
      {error && <div className="field-error">{error}</div>}
    </>
  );
}
