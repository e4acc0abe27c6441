/**
 * `apig-workbench deploy`: plan, apply and verify one group in one environment of a real APIG
 * instance (src-main/cloud/deploy.ts). Exit 0 when done or the plan is printed, 1 when the cloud
 * refused something (or the workspace does not deploy), 2 for bad usage. Keys come from the
 * environment or a profile, never from the command line.
 */
import { createInterface } from 'node:readline/promises';
import type { DeployReport } from '../../../../src-shared/deploy';
import { CredentialsError, loadCredentials } from '../../../cloud/credentials';
import { DeployInputError, Deployment } from '../../../cloud/deploy';
import { EndpointError, resolveEndpoints } from '../../../cloud/endpoints';
import { WorkspaceStore } from '../../../store/workspace-store';
import { defineCommand, requireFlag, UsageError, type CliIo } from '../command';

const MARK: Record<string, string> = { create: '+', update: '~', unchanged: '=', 'left alone': '.' };

export function printReport(report: DeployReport, io: CliIo): void {
  io.out(`deploy ${report.groupName} to ${report.envName}:`);
  for (const s of report.steps) {
    const status = s.status === 'planned' ? '' : ` [${s.status}]`;
    io.out(`  ${MARK[s.action]} ${s.kind.padEnd(11)} ${s.name}  ${s.action}${s.detail ? ` (${s.detail})` : ''}${status}`);
  }
  for (const p of report.problems) io.log.error(p);
  for (const d of report.drift) io.out(`  drift: ${d}`);
  const summary: Record<DeployReport['outcome'], string> = {
    planned: 'plan only: nothing was changed',
    unchanged: 'the cloud already matches the workspace: nothing was changed',
    applied: report.drift.length ? `applied, with ${report.drift.length} difference(s) left (see drift)` : 'applied and verified: the cloud matches the workspace',
    refused: 'refused before any change',
    failed: 'stopped: see the steps marked failed and not done',
  };
  io.out(summary[report.outcome]);
  if (report.error) io.log.error(`error: ${report.error}`);
}

async function confirm(io: CliIo): Promise<boolean> {
  if (!process.stdin.isTTY) throw new UsageError('not a terminal: pass --yes to apply the plan, or --plan to only show it');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question('Apply these changes? [y/N] ')).trim());
  } finally {
    rl.close();
    io.out('');
  }
}

export const deployCommand = defineCommand({
  name: 'deploy',
  summary: 'Deploy a group to an environment of a real APIG instance (plan, apply, verify)',
  usage: [
    'Usage: apig-workbench deploy --db FILE --group NAME --env ENV --project-id ID --instance-id ID',
    '                             (--region REGION | --endpoint URL) [--functiongraph-endpoint URL]',
    '                             [--profile NAME] [--plan] [--yes] [--json]',
    '',
    '  --plan      show what would be created, changed or left alone; change nothing',
    '  --yes       apply without asking (needed when not on a terminal)',
    '  --json      print the report as JSON',
    '  --profile   keys from this section of ~/.huaweicloud/credentials (ak, sk, security_token);',
    '              default HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK / HUAWEICLOUD_SDK_SECURITY_TOKEN',
    'Exit 0 when done (or the plan printed), 1 when the cloud refused something, 2 for bad usage.',
  ].join('\n'),
  flags: {
    db: { type: 'string' },
    group: { type: 'string' },
    env: { type: 'string' },
    'project-id': { type: 'string' },
    'instance-id': { type: 'string' },
    region: { type: 'string' },
    endpoint: { type: 'string' },
    'functiongraph-endpoint': { type: 'string' },
    profile: { type: 'string' },
    plan: { type: 'boolean' },
    yes: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(args, io) {
    const db = requireFlag(args, 'db');
    const groupName = requireFlag(args, 'group');
    const envName = requireFlag(args, 'env');
    const projectId = requireFlag(args, 'project-id');
    const instanceId = requireFlag(args, 'instance-id');
    let endpoints;
    let credentials;
    try {
      endpoints = resolveEndpoints({ region: args.flags.region, endpoint: args.flags.endpoint, functionGraphEndpoint: args.flags['functiongraph-endpoint'] });
      credentials = loadCredentials({ profile: args.flags.profile });
    } catch (error) {
      if (error instanceof EndpointError || error instanceof CredentialsError) throw new UsageError(error.message);
      throw error;
    }
    const store = WorkspaceStore.open(db, { logger: io.log });
    try {
      const deployment = new Deployment(store, { groupName, envName, projectId, instanceId, endpoints, credentials });
      let report: DeployReport;
      try {
        report = await deployment.plan();
      } catch (error) {
        if (error instanceof DeployInputError) throw new UsageError(error.message);
        throw error;
      }
      const wantApply = !args.flags.plan && report.outcome === 'planned';
      if (wantApply && !args.flags.yes && report.steps.some((s) => s.action === 'create' || s.action === 'update')) {
        printReport(report, io);
        if (!(await confirm(io))) {
          io.out('not applied');
          return 0;
        }
      }
      if (wantApply) report = await deployment.apply();
      if (args.flags.json) io.out(JSON.stringify(report, null, 2));
      else printReport(report, io);
      return report.outcome === 'failed' || report.outcome === 'refused' ? 1 : 0;
    } finally {
      store.close();
    }
  },
});
