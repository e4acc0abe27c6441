import { hasErrors } from '../../../../src-shared/openapi/diagnostics';
import { planImport } from '../../../../src-shared/openapi/definitions';
import { DEFAULT_PARSE_LIMITS } from '../../../../src-shared/openapi/parse';
import { readDefinitionFile } from '../../../definitions/read-definition-file';
import { defineCommand, logDiagnostics, UsageError } from '../command';

export function maxSizeFlag(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PARSE_LIMITS.maxChars;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError('--max-size must be a positive number of bytes');
  return n;
}

export const checkCommand = defineCommand({
  name: 'check',
  summary: 'Pre-flight an APIG definition file against APIG import rules (no workspace needed)',
  usage: [
    'Usage: apig-workbench check FILE... [--existing-group] [--max-size BYTES]',
    '',
    'Lists, per API, what APIG would reject (error) or silently change (warning).',
    '  --existing-group  the file goes into an existing group (info.title is then not checked as a group name)',
  ].join('\n'),
  flags: { 'existing-group': { type: 'boolean' }, 'max-size': { type: 'string' } },
  async run(args, io) {
    if (args.positional.length === 0) throw new UsageError('FILE is required');
    const maxSize = maxSizeFlag(args.flags['max-size']);
    let failed = false;
    for (const file of args.positional) {
      const { text, format } = readDefinitionFile(file, maxSize);
      const { plan } = planImport(text, { format, limits: { maxChars: maxSize }, newGroup: !args.flags['existing-group'] });
      logDiagnostics(io.log, file, plan.diagnostics);
      const errors = plan.diagnostics.filter((d) => d.severity === 'error').length;
      const warnings = plan.diagnostics.length - errors;
      // The file's APIs, read or not: a file whose APIs all fail still has them.
      io.out(`${file}: ${plan.operationCount} API(s), ${errors} error(s), ${warnings} warning(s)`);
      failed ||= hasErrors(plan.diagnostics);
    }
    return failed ? 1 : 0;
  },
});
