import { planImport } from '../../../../src-shared/openapi/definitions';
import { applyImport, type ImportOptions } from '../../../definitions/apply-import';
import type { ImportMode } from '../../../../src-shared/openapi/import-mode';
import { readDefinitionFile } from '../../../definitions/read-definition-file';
import { WorkspaceStore } from '../../../store/workspace-store';
import { defineCommand, logDiagnostics, requireFlag, UsageError, type CliIo } from '../command';
import { maxSizeFlag } from './check';

function mode(value: string | undefined, flag: string): ImportMode | undefined {
  if (value === undefined) return undefined;
  if (value !== 'merge' && value !== 'override') throw new UsageError(`--${flag} must be merge or override`);
  return value;
}

/** Imports one file into an open workspace, printing what happened. False when the file had errors. */
export function importIntoWorkspace(store: WorkspaceStore, file: string, options: ImportOptions, maxSize: number | undefined, io: CliIo): boolean {
  const { text, format } = readDefinitionFile(file, maxSize);
  const group = options.groupName ? store.groups.getByName(options.groupName) : undefined;
  const variables = new Set(group ? store.variables.list({ groupId: group.id }).map((v) => v.name) : []);
  const { plan, locator } = planImport(text, { format, limits: { maxChars: maxSize }, newGroup: !options.groupName, variables });
  const report = applyImport(store, plan, locator, options);
  logDiagnostics(io.log, file, report.diagnostics);
  if (!report.applied) {
    io.log.error(`${file}: not imported, the workspace is unchanged`);
    return false;
  }
  for (const f of report.functions) io.out(`function ${f.name}: ${f.action} from ${f.path}`);
  for (const a of report.apis) io.out(`${a.action === 'create' ? 'created' : 'updated'} ${a.method} ${a.path} (${a.name})`);
  for (const a of report.ignored) io.out(`ignored ${a.method} ${a.path} (${a.name}): exists`);
  const published = report.published.length ? `, ${report.published.length} published to ${options.publishEnv}` : '';
  const policies = plan.throttles.length + plan.accessControls.length + plan.plugins.length;
  if (policies > 0) io.out(`${policies} polic${policies === 1 ? 'y' : 'ies'} bound in ${report.bindingEnv}`);
  io.out(`${report.apis.length} API(s) imported into group ${report.group!.name}${report.group!.created ? ' (new)' : ''}${published}`);
  return true;
}

export const importCommand = defineCommand({
  name: 'import',
  summary: 'Import an APIG definition file (Swagger 2.0 / OpenAPI 3.0) into a workspace',
  usage: [
    'Usage: apig-workbench import FILE --db DB [--group NAME] [--api-mode merge|override] [--extend-mode merge|override]',
    '                             [--publish ENV] [--functions DIR] [--max-size BYTES]',
    '',
    '  --group NAME     import into this existing group (default: a new group named after info.title)',
    '  --api-mode       an API with the same name or method+path+match mode: merge keeps it, override replaces it',
    '  --extend-mode    authorizers, gateway responses, throttling/ACL policies of the same name: merge keeps, override replaces',
    '  --publish ENV    publish the imported APIs to ENV (nothing is published otherwise)',
    '  --functions DIR  bind DIR/<name>.js|.py or DIR/<name>/index.js|py to the functions the file references',
    'Diagnostics go to stderr as file:line:column: error|warning: message (pointer). Any error changes nothing.',
  ].join('\n'),
  flags: {
    db: { type: 'string' },
    group: { type: 'string' },
    'api-mode': { type: 'string' },
    'extend-mode': { type: 'string' },
    publish: { type: 'string' },
    functions: { type: 'string' },
    'max-size': { type: 'string' },
  },
  async run(args, io) {
    const file = args.positional[0];
    if (!file) throw new UsageError('FILE is required');
    const db = requireFlag(args, 'db');
    const options: ImportOptions = {
      groupName: args.flags.group,
      apiMode: mode(args.flags['api-mode'], 'api-mode'),
      extendMode: mode(args.flags['extend-mode'], 'extend-mode'),
      publishEnv: args.flags.publish,
      functionsDir: args.flags.functions,
    };
    const store = WorkspaceStore.open(db, { logger: io.log });
    try {
      return importIntoWorkspace(store, file, options, maxSizeFlag(args.flags['max-size']), io) ? 0 : 1;
    } finally {
      store.close();
    }
  },
});
