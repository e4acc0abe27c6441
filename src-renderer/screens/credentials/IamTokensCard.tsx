/**
 * The local IAM token table: X-Auth-Token values the gateway accepts on IAM APIs, per user, each
 * with the user's account (name and ID) that account access-control policies check.
 */
import { useState } from 'react';
import type { IamToken } from '../../../src-shared/model';
import type { IamTokenInput } from '../../../src-shared/rules/app';
import { ErrorNote } from '../../components/ErrorNote';
import { Field } from '../../components/Field';
import { Section } from '../../components/Section';
import { useAction } from '../../lib/useAction';
import { useNow } from '../../lib/useNow';
import { useWorkspace } from '../../state/WorkspaceContext';
import { MaskedValue } from './SecretField';

export function IamTokensCard({ tokens }: { tokens: IamToken[] }) {
  const ws = useWorkspace();
  const [userName, setUserName] = useState('');
  const [accountName, setAccountName] = useState('');
  const [accountId, setAccountId] = useState('');
  const [token, setToken] = useState('');
  const [expiresAt, setExpiresAt] = useState('');
  const add = useAction(async () => {
    const input: IamTokenInput = {};
    if (userName.trim()) input.userName = userName.trim();
    if (accountName.trim()) input.accountName = accountName.trim();
    if (accountId.trim()) input.accountId = accountId.trim();
    if (token.trim()) input.token = token.trim();
    if (expiresAt) {
      const when = new Date(expiresAt);
      // A half-typed date is sent as typed so the store names the problem at the field.
      input.expiresAt = Number.isNaN(when.getTime()) ? expiresAt : when.toISOString();
    }
    await ws.api.createIamToken({ input });
    setUserName('');
    setAccountName('');
    setAccountId('');
    setToken('');
    setExpiresAt('');
  });
  const remove = useAction(async (id: string) => {
    await ws.api.removeIamToken({ id });
  });
  const e = add.errors.fields;
  const now = useNow();
  return (
    <Section title={`IAM tokens (${tokens.length})`} testId="iam-tokens">
      <div className="muted">
        IAM is simulated: an API with IAM authentication accepts an <code>X-Auth-Token</code> from this table (and refuses expired ones).
        Account-name and account-ID access-control policies check the token's account.
      </div>
      <ErrorNote errors={add.errors} shownFields={['token', 'userName', 'accountName', 'accountId', 'expiresAt']} />
      <ErrorNote errors={remove.errors} />
      {tokens.length > 0 && (
        <table className="grid">
          <thead>
            <tr>
              <th>Token</th>
              <th style={{ width: 140 }}>User</th>
              <th style={{ width: 260 }}>Account (ID)</th>
              <th style={{ width: 190 }}>Expires</th>
              <th style={{ width: 80 }} />
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => {
              const expired = t.expiresAt !== undefined && Date.parse(t.expiresAt) <= now;
              return (
                <tr key={t.id} data-testid="iam-token-row">
                  <td>
                    <MaskedValue value={t.token} />
                  </td>
                  <td>{t.userName}</td>
                  <td>
                    {t.accountName} <span className="muted mono">{t.accountId}</span>
                  </td>
                  <td>{t.expiresAt ? <span className={expired ? 'badge err' : ''}>{expired ? 'expired ' : ''}{new Date(t.expiresAt).toLocaleString()}</span> : <span className="muted">never</span>}</td>
                  <td>
                    <button className="btn small danger" onClick={() => void remove.run(t.id)} disabled={remove.busy}>
                      Remove
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div className="form">
        <Field label="User" error={e.userName} hint="default local-user">
          <input value={userName} onChange={(ev) => setUserName(ev.target.value)} placeholder="local-user" data-testid="iam-user" />
        </Field>
        <Field label="Account" error={e.accountName} hint="default local_account">
          <input value={accountName} onChange={(ev) => setAccountName(ev.target.value)} placeholder="local_account" data-testid="iam-account" />
        </Field>
        <Field label="Account ID" error={e.accountId} hint="32 letters or digits; empty = the account's ID, else generated">
          <input className="mono" value={accountId} onChange={(ev) => setAccountId(ev.target.value)} placeholder="generated" data-testid="iam-account-id" />
        </Field>
        <Field label="Token" error={e.token} hint="Leave empty to generate one">
          <input className="mono" value={token} onChange={(ev) => setToken(ev.target.value)} placeholder="generated" data-testid="iam-token" />
        </Field>
        <Field label="Expires" error={e.expiresAt} hint="Empty = never">
          <input type="datetime-local" value={expiresAt} onChange={(ev) => setExpiresAt(ev.target.value)} />
        </Field>
        <Field label=" ">
          <button className="btn primary" onClick={() => void add.run()} disabled={add.busy} data-testid="add-iam-token">
            Add token
          </button>
        </Field>
      </div>
    </Section>
  );
}
