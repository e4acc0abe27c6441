/**
 * Deploy a group to an environment of a real APIG instance: where (project, instance, region or
 * endpoints), with which keys (the core's environment, or typed here for this deploy only), then
 * Plan (reads the cloud, changes nothing) and Apply (the plan's steps, then a drift check).
 */
import { useEffect, useState } from 'react';
import type { CloudKeysStatus, DeployArgs, DeployReport } from '../../src-shared/contract';
import { KNOWN_REGIONS, type DeployStep } from '../../src-shared/deploy';
import { EmptyState } from '../components/EmptyState';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { Section } from '../components/Section';
import { useAction } from '../lib/useAction';
import { nextSeq, useNav } from '../state/NavContext';
import { useWorkspace } from '../state/WorkspaceContext';

const ACTION_CLASS: Record<DeployStep['action'], string> = { create: 'ok', update: 'warn', unchanged: '', 'left alone': '' };
const STATUS_CLASS: Record<DeployStep['status'], string> = { planned: '', done: 'ok', failed: 'err', 'not done': 'warn' };

const OUTCOME_TEXT: Record<DeployReport['outcome'], string> = {
  planned: 'Plan only: nothing was changed on the cloud.',
  unchanged: 'The cloud already matches the workspace: nothing was changed.',
  applied: 'Applied and verified.',
  refused: 'The workspace does not deploy as it is: nothing was sent.',
  failed: 'Stopped: the cloud refused a step. Steps marked "not done" did not run.',
};

export function DeployScreen() {
  const ws = useWorkspace();
  const nav = useNav();
  const [groupId, setGroupId] = useState('');
  const [envId, setEnvId] = useState('');
  const [projectId, setProjectId] = useState('');
  const [instanceId, setInstanceId] = useState('');
  const [region, setRegion] = useState('cn-north-4');
  const [endpoint, setEndpoint] = useState('');
  const [fgEndpoint, setFgEndpoint] = useState('');
  const [ak, setAk] = useState('');
  const [sk, setSk] = useState('');
  const [token, setToken] = useState('');
  const [remember, setRemember] = useState(false);
  const [keys, setKeys] = useState<CloudKeysStatus>();
  /** The last report and the target it was made for (see `targetOf`): Apply acts on that plan only. */
  const [shown, setShown] = useState<{ report: DeployReport; target: string }>();
  const report = shown?.report;
  useEffect(() => {
    void ws.api.cloudKeysStatus().then(setKeys, () => setKeys({ canRemember: false }));
  }, [ws.api]);

  const gid = groupId || ws.groups[0]?.id || '';
  const eid = envId || ws.environments[0]?.id || '';
  const args = (): DeployArgs => ({
    groupId: gid,
    envId: eid,
    projectId: projectId.trim(),
    instanceId: instanceId.trim(),
    region: region || undefined,
    endpoint: endpoint.trim() || undefined,
    functionGraphEndpoint: fgEndpoint.trim() || undefined,
    keys: ak && sk ? { ak: ak.trim(), sk: sk.trim(), securityToken: token.trim() || undefined } : undefined,
    rememberKeys: ak && sk && remember ? true : undefined,
  });
  const planOrApply = (deploy: (a: DeployArgs) => Promise<DeployReport>) => async () => {
    const a = args();
    setShown({ report: await deploy(a), target: targetOf(a) });
  };
  const plan = useAction(planOrApply((a) => ws.api.planDeploy(a)));
  const apply = useAction(async () => {
    if (!window.confirm('Apply these changes to the APIG instance?')) return;
    await planOrApply((a) => ws.api.applyDeploy(a))();
  });
  // Settings changed since the plan (another instance, project or environment): applying now would
  // act on a target that was never planned, so Apply waits for a new plan.
  const stale = shown !== undefined && shown.target !== targetOf(args());
  const busy = plan.busy || apply.busy;
  const changes = report?.steps.filter((s) => s.action === 'create' || s.action === 'update').length ?? 0;

  if (ws.groups.length === 0) {
    return (
      <EmptyState title="Nothing to deploy yet" actions={<button className="btn primary" onClick={() => nav.open({ kind: 'new-group', seq: nextSeq() })}>New group</button>}>
        Deploy puts a group's APIs, authorizers, variables and functions onto a real APIG instance.
      </EmptyState>
    );
  }
  return (
    <div className="screen" data-testid="deploy-screen">
      <div className="screen-head">
        <h1>Deploy to APIG</h1>
      </div>
      <Section title="What and where">
        <div className="form">
          <Field label="Group">
            <select value={gid} onChange={(e) => setGroupId(e.target.value)} data-testid="deploy-group">
              {ws.groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Environment" hint="Its published APIs, variables and function bindings are deployed">
            <select value={eid} onChange={(e) => setEnvId(e.target.value)} data-testid="deploy-env">
              {ws.environments.map((env) => (
                <option key={env.id} value={env.id}>
                  {env.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Project ID" hint="My Credentials > API Credentials in the console">
            <input className="mono" value={projectId} onChange={(e) => setProjectId(e.target.value)} data-testid="deploy-project" />
          </Field>
          <Field label="Gateway (instance) ID" hint="The dedicated gateway's ID on the APIG console">
            <input className="mono" value={instanceId} onChange={(e) => setInstanceId(e.target.value)} data-testid="deploy-instance" />
          </Field>
          <Field label="Region" hint={endpoint ? 'Names the FunctionGraph endpoint unless one is given below' : 'apig.{region}.myhuaweicloud.com'}>
            <select value={region} onChange={(e) => setRegion(e.target.value)}>
              <option value="">(endpoints below)</option>
              {KNOWN_REGIONS.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </Field>
          <Field label="APIG endpoint" hint="Other clouds or private endpoints, e.g. https://apig.example.com">
            <input className="mono" value={endpoint} onChange={(e) => setEndpoint(e.target.value)} placeholder="from the region" data-testid="deploy-endpoint" />
          </Field>
          <Field label="FunctionGraph endpoint">
            <input className="mono" value={fgEndpoint} onChange={(e) => setFgEndpoint(e.target.value)} placeholder="from the region" data-testid="deploy-fg-endpoint" />
          </Field>
        </div>
      </Section>
      <Section title="Access keys">
        <div className="muted" data-testid="deploy-keys-status">
          {keys?.environment
            ? `Without keys here, the workbench uses HUAWEICLOUD_SDK_AK / _SK from its environment (${keys.environment.accessKeyHint}).`
            : keys?.remembered
              ? `Without keys here, the keys remembered in the system keychain are used (${keys.remembered.accessKeyHint}).`
              : 'No keys in the workbench environment: type them for this deploy. They are sent with this request only and never stored.'}
        </div>
        <div className="form">
          <Field label="Access key (AK)">
            <input className="mono" value={ak} onChange={(e) => setAk(e.target.value)} autoComplete="off" data-testid="deploy-ak" />
          </Field>
          <Field label="Secret key (SK)">
            <input className="mono" type="password" value={sk} onChange={(e) => setSk(e.target.value)} autoComplete="off" data-testid="deploy-sk" />
          </Field>
          <Field label="Security token" hint="Temporary keys only">
            <input className="mono" type="password" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" />
          </Field>
        </div>
        {keys?.canRemember && (
          <label className="row">
            <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} /> Remember these keys in the system keychain
          </label>
        )}
        <div className="row">
          <button className="btn" onClick={() => void plan.run()} disabled={busy || !projectId || !instanceId} data-testid="deploy-plan">
            Plan
          </button>
          <button className="btn primary" onClick={() => void apply.run()} disabled={busy || stale || !report || report.outcome !== 'planned' || changes === 0} data-testid="deploy-apply">
            Apply {report && report.outcome === 'planned' ? `${changes} change(s)` : ''}
          </button>
          {busy && <span className="spinner" />}
        </div>
        {stale && (
          <div className="note warn" data-testid="deploy-stale">
            The report below was made for other settings (group, environment, project, instance or endpoints): plan again before applying.
          </div>
        )}
        <ErrorNote errors={plan.errors} />
        <ErrorNote errors={apply.errors} />
      </Section>
      {report && <DeployResult report={report} />}
    </div>
  );
}

/** The parts of a deploy that decide what a plan is about (keys only decide who may do it). */
function targetOf(a: DeployArgs): string {
  return JSON.stringify([a.groupId, a.envId, a.projectId, a.instanceId, a.region, a.endpoint, a.functionGraphEndpoint]);
}

function DeployResult({ report }: { report: DeployReport }) {
  const bad = report.outcome === 'failed' || report.outcome === 'refused';
  return (
    <Section title={`${report.groupName} → ${report.envName}`}>
      <div className={`note ${bad ? 'error' : report.outcome === 'planned' ? '' : 'ok'}`} data-testid="deploy-outcome">
        {OUTCOME_TEXT[report.outcome]}
        {report.error && <div className="mono">{report.error}</div>}
      </div>
      {report.problems.length > 0 && (
        <ul className="mono" data-testid="deploy-problems">
          {report.problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      )}
      <table className="grid" data-testid="deploy-steps">
        <thead>
          <tr>
            <th>Kind</th>
            <th>Name</th>
            <th>Action</th>
            <th>Detail</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {report.steps.map((s, i) => (
            <tr key={i}>
              <td>{s.kind}</td>
              <td className="mono">{s.name}</td>
              <td>
                <span className={`badge ${ACTION_CLASS[s.action]}`}>{s.action}</span>
              </td>
              <td className="muted">{s.detail}</td>
              <td>{s.status !== 'planned' && <span className={`badge ${STATUS_CLASS[s.status]}`}>{s.status}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.outcome === 'applied' && (
        <div className={`note ${report.drift.length ? 'warn' : 'ok'}`} data-testid="deploy-drift">
          {report.drift.length ? (
            <>
              The cloud's export still differs from the workspace:
              <ul>
                {report.drift.map((d, i) => (
                  <li key={i}>{d}</li>
                ))}
              </ul>
            </>
          ) : (
            "Verified: the cloud's export of the environment matches the workspace."
          )}
        </div>
      )}
    </Section>
  );
}
