import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXPORT_SCOPES, type ExportScope } from '../../../../src-shared/openapi/write';
import { exportGroup } from '../../../definitions/export-group';
import { WorkspaceStore } from '../../../store/workspace-store';
import { defineCommand, logDiagnostics, requireFlag, UsageError } from '../command';

function pick<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}`);
  return value as T;
}

export const exportCommand = defineCommand({
  name: 'export',
  summary: 'Export a group as an APIG definition file (Swagger 2.0 / OpenAPI 3.0, JSON / YAML)',
  usage: [
    'Usage: apig-workbench export --db DB --group NAME [--env ENV] [--define spec|proxy|all|dev] [--oas 2.0|3.0]',
    '                             [--format json|yaml] [--version TEXT] [-o FILE|DIR]',
    '',
    '  --env      environment whose published APIs are exported (default RELEASE)',
    '  --define   spec = basic (no backends), proxy = full, all = extended (policies, authorizers), dev = drafts too',
    '  --version  info.version (default: the export time, as APIG writes it)',
    '  -o, --out  a file, or a folder to write <group>-<env>-<define>-<version>.<ext> into; default stdout',
    'Pre-flight findings about the exported APIs go to stderr.',
  ].join('\n'),
  flags: {
    db: { type: 'string' },
    group: { type: 'string' },
    env: { type: 'string' },
    define: { type: 'string' },
    oas: { type: 'string' },
    format: { type: 'string' },
    version: { type: 'string' },
    out: { type: 'string', short: 'o' },
  },
  async run(args, io) {
    const db = requireFlag(args, 'db');
    const groupName = requireFlag(args, 'group');
    const scope = pick<ExportScope>(args.flags.define, EXPORT_SCOPES, 'define');
    const oas = pick(args.flags.oas, ['2.0', '3.0'] as const, 'oas');
    const format = pick(args.flags.format === 'yml' ? 'yaml' : args.flags.format, ['json', 'yaml'] as const, 'format');
    const store = WorkspaceStore.open(db, { logger: io.log });
    try {
      const result = exportGroup(store, { groupName, envName: args.flags.env, scope, oas, format, version: args.flags.version });
      const out = args.flags.out;
      const target = out && existsSync(out) && statSync(out).isDirectory() ? join(out, result.fileName) : out;
      logDiagnostics(io.log, target ?? result.fileName, result.diagnostics);
      if (target) {
        writeFileSync(target, result.text);
        io.log.info(`wrote ${target}`);
      } else {
        io.out(result.text.replace(/\n$/, ''));
      }
      return 0;
    } finally {
      store.close();
    }
  },
});
