/** Up to 5 AppCodes per app (X-Apig-AppCode): generate or enter one, copy, remove. */
import { useState } from 'react';
import type { App } from '../../../src-shared/model';
import { MAX_APP_CODES } from '../../../src-shared/rules/app';
import { ErrorNote } from '../../components/ErrorNote';
import { Field } from '../../components/Field';
import { Section } from '../../components/Section';
import { useAction } from '../../lib/useAction';
import { useWorkspace } from '../../state/WorkspaceContext';
import { MaskedValue } from './SecretField';

export function AppCodesCard({ app }: { app: App }) {
  const ws = useWorkspace();
  const [entered, setEntered] = useState('');
  const add = useAction(async (code?: string) => {
    await ws.api.addAppCode({ appId: app.id, code });
    setEntered('');
  });
  const remove = useAction(async (codeId: string) => {
    await ws.api.removeAppCode({ appId: app.id, codeId });
  });
  const full = app.appCodes.length >= MAX_APP_CODES;
  const e = add.errors.fields;
  return (
    <Section
      title={`AppCodes (${app.appCodes.length}/${MAX_APP_CODES})`}
      testId="app-codes"
      actions={
        <button className="btn small" onClick={() => void add.run()} disabled={add.busy || full} data-testid="generate-app-code">
          Generate AppCode
        </button>
      }
    >
      <div className="muted">
        Sent as <code>X-Apig-AppCode</code> on APIs with AppCode authentication. APIG accepts AppCodes over HTTPS only; the local gateway refuses them over HTTP unless its
        option <code>appCodeOverHttp</code> is on.
      </div>
      <ErrorNote errors={add.errors} shownFields={['code', 'appCodes']} />
      <ErrorNote errors={remove.errors} />
      {app.appCodes.length > 0 && (
        <table className="grid">
          <tbody>
            {app.appCodes.map((c) => (
              <tr key={c.id} data-testid="app-code-row">
                <td>
                  <MaskedValue value={c.code} />
                </td>
                <td style={{ width: 150 }} className="muted">
                  {new Date(c.createdAt).toLocaleString()}
                </td>
                <td style={{ width: 70 }}>
                  <button className="btn small danger" onClick={() => void remove.run(c.id)} disabled={remove.busy}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Field label="Enter an AppCode" error={e.code ?? e.appCodes} hint="64–180 characters, starting with a letter, + or /">
        <div className="row nowrap">
          <input className="mono grow" value={entered} onChange={(ev) => setEntered(ev.target.value)} disabled={full} data-testid="app-code-input" />
          <button className="btn small" onClick={() => void add.run(entered)} disabled={add.busy || full || !entered.trim()} data-testid="add-app-code">
            Add
          </button>
        </div>
      </Field>
    </Section>
  );
}
