/** Failure injection: rules that make an authorizer's or a function's next calls fail, listed and removable. */
import { useCallback, useEffect, useState } from 'react';
import { FAULT_KINDS, describeFault, type FaultKind, type FaultRule, type FaultRuleInput } from '../../src-shared/lab/faults';
import { InlineError } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { Section } from '../components/Section';
import { errorMessage } from '../lib/errors';
import { useWorkspace } from '../state/WorkspaceContext';

export function FaultPanel() {
  const ws = useWorkspace();
  const [rules, setRules] = useState<FaultRule[]>([]);
  const [error, setError] = useState<string>();
  const [target, setTarget] = useState('');
  const [kind, setKind] = useState<FaultKind>('timeout');
  const [statusCode, setStatusCode] = useState('503');
  const [latencyMs, setLatencyMs] = useState('500');
  const [mode, setMode] = useState<'nextCalls' | 'percent'>('nextCalls');
  const [amount, setAmount] = useState('1');
  const reload = useCallback(() => ws.api.listFaultRules().then(setRules, (e) => setError(errorMessage(e))), [ws.api]);
  useEffect(() => void reload(), [reload, ws.liveTraces.length]);

  const targets = [
    ...ws.authorizers.map((a) => ({ value: `a:${a.id}`, label: `authorizer ${a.name}` })),
    ...ws.functions.map((f) => ({ value: `f:${f.name}`, label: `function ${f.name} (every call)` })),
  ];
  const chosen = target || targets[0]?.value || '';
  const add = async () => {
    const rule: FaultRuleInput = {
      target: chosen.startsWith('a:') ? { authorizerId: chosen.slice(2) } : { functionName: chosen.slice(2) },
      kind,
      statusCode: kind === 'status' ? Number(statusCode) : undefined,
      latencyMs: kind === 'latency' ? Number(latencyMs) : undefined,
      trigger: mode === 'nextCalls' ? { nextCalls: Number(amount) } : { percent: Number(amount) },
    };
    try {
      await ws.api.addFaultRule({ rule });
      setError(undefined);
    } catch (e) {
      setError(errorMessage(e));
    }
    await reload();
  };
  const remove = async (id?: string) => {
    await ws.api.removeFaultRules({ id }).catch((e) => setError(errorMessage(e)));
    await reload();
  };
  const targetLabel = (r: FaultRule) =>
    'authorizerId' in r.target ? `authorizer ${ws.authorizers.find((a) => a.id === (r.target as { authorizerId: string }).authorizerId)?.name ?? '?'}` : `function ${r.target.functionName}`;

  return (
    <Section title="Failure injection" testId="lab-faults">
      <div className="row" style={{ flexWrap: 'wrap', alignItems: 'flex-end' }}>
        <Field label="Target">
          <select value={chosen} onChange={(e) => setTarget(e.target.value)} data-testid="lab-fault-target">
            {targets.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Failure">
          <select value={kind} onChange={(e) => setKind(e.target.value as FaultKind)} data-testid="lab-fault-kind">
            {FAULT_KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </Field>
        {kind === 'status' && (
          <Field label="statusCode">
            <input type="number" value={statusCode} onChange={(e) => setStatusCode(e.target.value)} style={{ width: 80 }} />
          </Field>
        )}
        {kind === 'latency' && (
          <Field label="Added ms">
            <input type="number" value={latencyMs} onChange={(e) => setLatencyMs(e.target.value)} style={{ width: 90 }} />
          </Field>
        )}
        <Field label="When">
          <select value={mode} onChange={(e) => setMode(e.target.value as 'nextCalls' | 'percent')}>
            <option value="nextCalls">next N calls</option>
            <option value="percent">% of calls</option>
          </select>
        </Field>
        <Field label={mode === 'nextCalls' ? 'N' : '%'}>
          <input type="number" value={amount} onChange={(e) => setAmount(e.target.value)} style={{ width: 70 }} data-testid="lab-fault-amount" />
        </Field>
        <button className="btn primary" onClick={() => void add()} disabled={!chosen} data-testid="lab-fault-add">
          Inject
        </button>
      </div>
      <InlineError error={error} />
      {rules.length === 0 ? (
        <div className="muted" style={{ marginTop: 6 }}>
          No rules: calls run as written. Injected calls are marked in their traces.
        </div>
      ) : (
        <table className="grid" style={{ marginTop: 6 }} data-testid="lab-fault-rules">
          <thead>
            <tr>
              <th>Target</th>
              <th>Failure</th>
              <th>When</th>
              <th>Fired</th>
              <th>
                <button className="btn small" onClick={() => void remove()}>
                  Remove all
                </button>
              </th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id} data-testid="lab-fault-row">
                <td>{targetLabel(r)}</td>
                <td>{describeFault(r)}</td>
                <td>{'percent' in r.trigger ? `${r.trigger.percent}% of calls` : `${r.remaining} more call(s)`}</td>
                <td>{r.fired}</td>
                <td>
                  <button className="btn small" onClick={() => void remove(r.id)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
